using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace OpenChat.Chain.Api.Tests.ScaleOut;

/// <summary>A private redis-server for one test class, started and stopped through scripts/redis.sh on a free port.</summary>
public sealed class RedisServer : IAsyncLifetime
{
    readonly string _folder = Path.Combine(Path.GetTempPath(), "openchat-tests", "redis-" + Guid.NewGuid().ToString("N"));
    readonly int _port = FreePort();

    /// <summary>What ConnectionStrings:Redis takes (host:port).</summary>
    public string ConnectionString { get; private set; } = "";

    public async ValueTask InitializeAsync() => ConnectionString = await Script("start");

    public async ValueTask DisposeAsync()
    {
        await Script("stop");
        try { Directory.Delete(_folder, recursive: true); } catch (IOException) { } // still held open: the temp folder keeps it
    }

    /// <summary>Runs scripts/redis.sh with this server's port and folder; returns what it prints.</summary>
    async Task<string> Script(string command)
    {
        var start = new ProcessStartInfo("bash", [Path.Combine(RepositoryRoot(), "scripts", "redis.sh"), command])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            Environment = { ["REDIS_PORT"] = _port.ToString(), ["REDIS_DIR"] = _folder },
        };
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0) throw new InvalidOperationException($"scripts/redis.sh {command} failed: {await errors}");
        return (await output).Trim();
    }

    static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "OpenChat.Chain.sln"))) return dir.FullName;
        throw new InvalidOperationException("OpenChat.Chain.sln not found above " + AppContext.BaseDirectory);
    }

    static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }
}
