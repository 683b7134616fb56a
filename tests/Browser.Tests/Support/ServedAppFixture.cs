namespace OpenChat.Chain.Browser.Tests.Support;

/// <summary>One served app for a test class; its tests make their own people, so they share nothing else.</summary>
public sealed class ServedAppFixture : IAsyncLifetime
{
    public ServedApp App { get; } = new();

    public async ValueTask InitializeAsync() => await App.StartAsync();

    public async ValueTask DisposeAsync()
    {
        await App.DisposeAsync();
        App.DeleteData();
    }
}
