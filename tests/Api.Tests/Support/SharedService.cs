using System.Net;

namespace OpenChat.Chain.Api.Tests.Support;

/// <summary>
/// A class fixture: one service (with its own anvil) built from <paramref name="settings"/>, healthy before the class's
/// first test, shared by the class's tests, which run one after another. A test class names its own sealed subclass,
/// so each class gets its own service and chain.
/// </summary>
public abstract class SharedService(Dictionary<string, string> settings) : IAsyncLifetime
{
    public ApiFactory Api { get; } = new() { Settings = settings };

    public async ValueTask InitializeAsync() =>
        Assert.Equal(HttpStatusCode.OK, (await Api.WaitUntilHealthyAsync(TimeSpan.FromSeconds(90))).StatusCode);

    public ValueTask DisposeAsync() => Api.DisposeAsync();
}
