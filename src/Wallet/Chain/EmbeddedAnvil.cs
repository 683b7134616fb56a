using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;

namespace OpenChat.Chain.Wallet.Chain;

/// <summary>
/// A local anvil process on 127.0.0.1 and a free port. Its state file lives in the data folder, so a restart
/// of the service keeps the chain: anvil writes the file on SIGTERM and every few seconds.
/// </summary>
public sealed partial class EmbeddedAnvil : IAsyncDisposable
{
    /// <summary>anvil's default funded account 0 (mnemonic "test test … junk", m/44'/60'/0'/0/0).</summary>
    public const string DevAccountKey = "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80";

    readonly Process _process;
    readonly ILogger _logger;
    int _disposed;

    EmbeddedAnvil(Process process, Uri rpcUrl, ILogger logger)
    {
        _process = process;
        RpcUrl = rpcUrl;
        _logger = logger;
    }

    public Uri RpcUrl { get; }

    public int ProcessId => _process.Id;

    /// <summary>Starts anvil and returns once it answers JSON-RPC.</summary>
    /// <param name="stateFile">Where the chain persists; null for a throw-away chain.</param>
    /// <param name="blockTimeSeconds">Interval mining (automine strands out-of-order nonce bursts).</param>
    public static async Task<EmbeddedAnvil> StartAsync(
        string anvilPath, string? stateFile, int blockTimeSeconds, ILogger logger, CancellationToken ct)
    {
        var port = FreeLoopbackPort();
        // anvil runs under a small shell that holds our end of a pipe: when this process ends for any reason,
        // even a hard kill, the pipe closes and the shell stops anvil with SIGTERM, so anvil writes its state
        // and no orphan keeps running.
        var start = new ProcessStartInfo("/bin/sh")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { "-c", """ "$0" "$@" & anvil=$!; cat >/dev/null; kill -TERM $anvil; wait $anvil 2>/dev/null """, anvilPath })
            start.ArgumentList.Add(arg);
        foreach (var arg in new[] { "--host", "127.0.0.1", "--port", port.ToString(), "--block-time", blockTimeSeconds.ToString(), "--silent" })
            start.ArgumentList.Add(arg);
        if (stateFile is not null)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(stateFile)!);
            foreach (var arg in new[] { "--state", stateFile, "--state-interval", "5" })
                start.ArgumentList.Add(arg);
        }
        // anvil keeps its cache under $HOME/.foundry; keep it beside the state rather than in the user's home.
        if (stateFile is not null) start.Environment["HOME"] = Path.GetDirectoryName(stateFile)!;

        var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {anvilPath}");
        process.OutputDataReceived += (_, e) => { };
        process.ErrorDataReceived += (_, e) => { if (!string.IsNullOrWhiteSpace(e.Data)) LogAnvilError(logger, e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        var anvil = new EmbeddedAnvil(process, new Uri($"http://127.0.0.1:{port}"), logger);
        try
        {
            await anvil.WaitUntilReadyAsync(ct);
        }
        catch
        {
            await anvil.DisposeAsync();
            throw;
        }
        LogStarted(logger, anvil.RpcUrl, process.Id, stateFile ?? "(none)");
        return anvil;
    }

    /// <summary>Finds contracts/node_modules/.bin/anvil above the given folders (the repository layout).</summary>
    public static string? FindInRepository(params string[] startFolders)
    {
        foreach (var start in startFolders)
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, "contracts", "node_modules", ".bin", "anvil");
                if (File.Exists(candidate)) return candidate;
            }
        }
        return null;
    }

    async Task WaitUntilReadyAsync(CancellationToken ct)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            ct.ThrowIfCancellationRequested();
            if (_process.HasExited)
                throw new InvalidOperationException($"anvil exited with code {_process.ExitCode} before answering");
            try
            {
                using var body = new StringContent("""{"jsonrpc":"2.0","id":1,"method":"eth_chainId","params":[]}""",
                    System.Text.Encoding.UTF8, "application/json");
                using var response = await http.PostAsync(RpcUrl, body, ct);
                if (response.IsSuccessStatusCode) return;
            }
            catch (HttpRequestException) { /* not listening yet */ }
            catch (TaskCanceledException) when (!ct.IsCancellationRequested) { /* slow start */ }
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"anvil did not answer on {RpcUrl} within 30 s");
            await Task.Delay(50, ct);
        }
    }

    static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Stops anvil with SIGTERM so it writes its state file (a hard kill would lose recent blocks).</summary>
    public async ValueTask DisposeAsync()
    {
        // The host may stop a service twice (factory disposal, then host disposal): stop anvil once.
        if (Interlocked.Exchange(ref _disposed, 1) == 1) return;
        if (!_process.HasExited)
        {
            _process.StandardInput.Close(); // the shell then sends anvil SIGTERM and waits for it
            using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            try
            {
                await _process.WaitForExitAsync(grace.Token);
            }
            catch (OperationCanceledException)
            {
                _process.Kill(entireProcessTree: true);
            }
            LogStopped(_logger, RpcUrl);
        }
        _process.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Embedded anvil listening on {RpcUrl} (pid {Pid}, state {StateFile})")]
    static partial void LogStarted(ILogger logger, Uri rpcUrl, int pid, string stateFile);

    [LoggerMessage(Level = LogLevel.Information, Message = "Embedded anvil on {RpcUrl} stopped")]
    static partial void LogStopped(ILogger logger, Uri rpcUrl);

    [LoggerMessage(Level = LogLevel.Warning, Message = "anvil: {Line}")]
    static partial void LogAnvilError(ILogger logger, string line);
}
