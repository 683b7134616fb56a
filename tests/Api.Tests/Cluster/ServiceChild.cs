using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace OpenChat.Chain.Api.Tests.Cluster;

/// <summary>
/// The service as a child process (<c>dotnet OpenChat.Chain.Api.dll</c>, the build the test project references), on data a
/// test shares with an in-process host, so it can be killed with SIGKILL mid-way: no shutdown code runs, no lease is
/// given back. Its log lines (the simple console, one line each) are kept for the test to wait on.
/// </summary>
public sealed class ServiceChild : IAsyncDisposable
{
    readonly Process _process;
    readonly ConcurrentQueue<string> _lines = new();
    readonly SemaphoreSlim _arrived = new(0);

    ServiceChild(Process process, Uri baseUrl) => (_process, BaseUrl) = (process, baseUrl);

    public Uri BaseUrl { get; }

    public static ServiceChild Start(string dataDirectory, IReadOnlyDictionary<string, string> settings)
    {
        var assembly = Path.Combine(AppContext.BaseDirectory, "OpenChat.Chain.Api.dll");
        var baseUrl = new Uri($"http://127.0.0.1:{FreePort()}/");
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = AppContext.BaseDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Testing"; // the settings ApiFactory's hosts run with (scrypt cost of the seed vault)
        foreach (var arg in new[] { assembly, "--urls", baseUrl.GetLeftPart(UriPartial.Authority), $"--Data:Directory={dataDirectory}",
                     "--Logging:LogLevel:Default=Information", "--Logging:LogLevel:Microsoft=Warning" })
            start.ArgumentList.Add(arg);
        foreach (var (key, value) in settings) start.ArgumentList.Add($"--{key}={value}");
        var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start");
        var child = new ServiceChild(process, baseUrl);
        process.OutputDataReceived += (_, line) => child.Add(line.Data);
        process.ErrorDataReceived += (_, line) => child.Add(line.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return child;
    }

    /// <summary>How many lines have been logged so far: pass it to <see cref="WaitForLogAsync"/> to see only later ones.</summary>
    public int Count => _lines.Count;

    public async Task WaitUntilHealthyAsync(TimeSpan timeout)
    {
        using var http = new HttpClient { BaseAddress = BaseUrl, Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            if (_process.HasExited) throw new InvalidOperationException($"The service exited:\n{Tail()}");
            try
            {
                using var response = await http.GetAsync("health");
                if (response.StatusCode == HttpStatusCode.OK) return;
            }
            catch (HttpRequestException) { /* not listening yet */ }
            catch (TaskCanceledException) { /* busy starting */ }
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"The service was not healthy within {timeout}:\n{Tail()}");
            await Task.Delay(250);
        }
    }

    /// <summary>Waits until a line after the first <paramref name="after"/> contains <paramref name="text"/>.</summary>
    public async Task WaitForLogAsync(string text, int after = 0, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(60));
        while (!_lines.Skip(after).Any(l => l.Contains(text, StringComparison.Ordinal)))
        {
            var left = deadline - DateTime.UtcNow;
            if (left <= TimeSpan.Zero || !await _arrived.WaitAsync(left))
                throw new TimeoutException($"The service logged no line containing \"{text}\":\n{Tail()}");
        }
    }

    public IReadOnlyList<string> Lines => [.. _lines];

    /// <summary>SIGKILL: the process ends where it stands, in the middle of whatever it was writing or sending.</summary>
    public async Task KillAsync()
    {
        _process.Kill();
        await _process.WaitForExitAsync();
    }

    void Add(string? line)
    {
        if (line is null) return;
        _lines.Enqueue(line);
        _arrived.Release();
    }

    string Tail() => string.Join('\n', _lines.TakeLast(20));

    static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
    }
}
