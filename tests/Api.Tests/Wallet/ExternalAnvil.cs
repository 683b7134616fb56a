using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using OpenChat.Chain.Wallet.Chain;

namespace OpenChat.Chain.Api.Tests.Wallet;

/// <summary>
/// An anvil the test owns, on a fixed port with a state file, so it can be stopped (SIGTERM writes the state) and
/// started again at the same address with the same chain: an outage the service must ride out.
/// </summary>
public sealed class ExternalAnvil : IAsyncDisposable
{
    readonly string _folder = Path.Combine(Path.GetTempPath(), "openchat-tests", "anvil-" + Guid.NewGuid().ToString("N"));
    Process? _process;

    public ExternalAnvil()
    {
        Directory.CreateDirectory(_folder);
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        Port = ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public int Port { get; }

    public Uri RpcUrl => new($"http://127.0.0.1:{Port}");

    /// <param name="mining">False: anvil starts with mining off (--no-mining), so nothing the service sends after the
    /// restart is mined until the test turns interval mining on (evm_setIntervalMining 1).</param>
    public async Task StartAsync(bool mining = true)
    {
        var anvil = EmbeddedAnvil.FindInRepository(AppContext.BaseDirectory) ?? throw new InvalidOperationException("anvil not found");
        var start = new ProcessStartInfo(anvil) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { "--host", "127.0.0.1", "--port", Port.ToString(), "--silent",
                     "--state", Path.Combine(_folder, "state.json"), "--state-interval", "1" })
            start.ArgumentList.Add(arg);
        foreach (var arg in mining ? ["--block-time", "1"] : new[] { "--no-mining" }) start.ArgumentList.Add(arg); // they conflict
        start.Environment["HOME"] = _folder;
        _process = Process.Start(start)!;
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            try
            {
                using var body = new StringContent("""{"jsonrpc":"2.0","id":1,"method":"eth_chainId","params":[]}""", System.Text.Encoding.UTF8, "application/json");
                if ((await http.PostAsync(RpcUrl, body)).IsSuccessStatusCode) return;
            }
            catch (HttpRequestException) { }
            if (DateTime.UtcNow > deadline) throw new TimeoutException("anvil did not start");
            await Task.Delay(100);
        }
    }

    string StatePath => Path.Combine(_folder, "state.json");

    /// <summary>Waits until anvil (--state-interval 1) has written its state file twice from now: the second write began
    /// after this call, so it holds every block mined before it.</summary>
    public async Task StateSavedAsync()
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        var last = File.GetLastWriteTimeUtc(StatePath);
        for (var writes = 0; writes < 2;)
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException("anvil did not write its state file");
            await Task.Delay(100); // polling the file: anvil gives no other signal
            var now = File.GetLastWriteTimeUtc(StatePath);
            if (now != last) (last, writes) = (now, writes + 1);
        }
    }

    /// <summary>SIGTERM, so anvil writes its state file before it exits.</summary>
    public async Task StopAsync()
    {
        if (_process is null) return;
        using (var kill = Process.Start("kill", ["-TERM", _process.Id.ToString()])) await kill.WaitForExitAsync();
        await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(20));
        _process.Dispose();
        _process = null;
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        try { Directory.Delete(_folder, recursive: true); }
        catch (IOException) { }
    }
}
