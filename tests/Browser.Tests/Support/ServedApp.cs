using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace OpenChat.Chain.Browser.Tests.Support;

/// <summary>
/// The real service on Kestrel at http://localhost:&lt;port&gt; (a browser cannot reach a TestServer), with its own data
/// folder: a SQLite file and the embedded anvil. A new instance on the same folder and port is the same service restarted.
/// </summary>
public sealed class ServedApp : WebApplicationFactory<Program>
{
    readonly IReadOnlyDictionary<string, string> _settings;

    public ServedApp(string? dataDirectory = null, int? port = null, IReadOnlyDictionary<string, string>? settings = null)
    {
        _settings = settings ?? new Dictionary<string, string>();
        DataDirectory = dataDirectory ?? Path.Combine(Path.GetTempPath(), "openchat-browser-tests", Guid.NewGuid().ToString("N"));
        Port = port ?? FreePort();
        UseKestrel(Port);
    }

    public string DataDirectory { get; }
    public int Port { get; }

    /// <summary>WebAuthn's RP id is "localhost": 127.0.0.1 would be refused for it.</summary>
    public string BaseUrl => $"http://localhost:{Port}";

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("Data:Directory", DataDirectory);
        foreach (var (key, value) in OpenChat.Chain.Tests.Support.TestDatabase.Settings(DataDirectory)) builder.UseSetting(key, value);
        builder.UseSetting("Passkeys:Origins:0", BaseUrl);
        // Every test signs people up from the same address: the per-IP sign-in limit is for the internet, not for this.
        builder.UseSetting("RateLimits:SignIn:PermitLimit", "1000");
        foreach (var (key, value) in _settings) builder.UseSetting(key, value);
    }

    /// <summary>Starts Kestrel and waits until /health is green (the first start deploys the contracts).</summary>
    public async Task<ServedApp> StartAsync()
    {
        StartServer();
        using var http = new HttpClient { BaseAddress = new Uri(BaseUrl), Timeout = TimeSpan.FromSeconds(10) };
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(90);
        while (true)
        {
            try
            {
                if ((await http.GetAsync("/health")).IsSuccessStatusCode) return this;
            }
            catch (HttpRequestException) { /* not listening yet */ }
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"{BaseUrl}/health did not turn healthy in 90 s");
            await Task.Delay(250);
        }
    }

    /// <summary>Removes the data folder (SQLite file, chain state, media) and its PostgreSQL database, if any, once no instance runs on it.</summary>
    public void DeleteData()
    {
        OpenChat.Chain.Tests.Support.TestDatabase.Drop(DataDirectory);
        try
        {
            if (Directory.Exists(DataDirectory)) Directory.Delete(DataDirectory, recursive: true);
        }
        catch (IOException) { /* a file still held open: the temp folder's own cleanup gets it */ }
    }

    static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
