using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenChat.Chain.Tests.Support;

namespace OpenChat.Chain.Api.Tests;

/// <summary>
/// The real host on the embedded default: a SQLite file (with OPENCHAT_TEST_DATABASE=postgres a PostgreSQL database of
/// its own, <see cref="TestDatabase"/>) and the service's own anvil, in a data folder of the test's own (pass the same
/// folder twice to restart the service on the same data). Extra settings (configuration keys such as "Chain:RpcUrl")
/// override the defaults.
/// </summary>
public sealed class ApiFactory : WebApplicationFactory<Program>
{
    public string DataDirectory { get; init; } = Path.Combine(Path.GetTempPath(), "openchat-tests", Guid.NewGuid().ToString("N"));

    public IReadOnlyDictionary<string, string> Settings { get; init; } = new Dictionary<string, string>();

    /// <summary>On PostgreSQL, keep this host's database after it stops: a later host restarts on the same data folder.</summary>
    public bool KeepDatabase { get; init; }

    /// <summary>Services a test's own host replaces (say a tiny writer queue); applied after the host's own.</summary>
    public Action<IServiceCollection>? TestServices { get; init; }

    /// <summary>Everything the host logs at Information and above, for tests that wait for a background loop's event.</summary>
    public Support.LogCapture Logs { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("Data:Directory", DataDirectory);
        foreach (var (key, value) in TestDatabase.Settings(DataDirectory)) builder.UseSetting(key, value);
        foreach (var (key, value) in Settings) builder.UseSetting(key, value);
        builder.ConfigureTestServices(Support.TestAuthHandler.Register);
        if (Settings.GetValueOrDefault(Support.StopAfterSigning.Setting) == "true") builder.ConfigureTestServices(Support.StopAfterSigning.Register);
        builder.ConfigureLogging(logging => logging.AddProvider(Logs));
        if (TestServices is { } services) builder.ConfigureTestServices(services);
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        if (!KeepDatabase) TestDatabase.Drop(DataDirectory);
    }

    /// <summary>Polls /health until the chain is deployed (the first start deploys the contracts).</summary>
    public async Task<HttpResponseMessage> WaitUntilHealthyAsync(TimeSpan timeout)
    {
        using var client = CreateClient();
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var response = await client.GetAsync("/health");
            if (response.IsSuccessStatusCode || DateTime.UtcNow > deadline) return response;
            await Task.Delay(200);
        }
    }
}
