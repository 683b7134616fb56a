using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace OpenChat.Chain.Bench.Support;

/// <summary>
/// The real service as a child process on 127.0.0.1, with its own data folder (SQLite file, embedded anvil),
/// started from its Release build. Limits meant for people (send rate per user, sign-ins per IP) are lifted on
/// the command line so they do not shape the load.
/// </summary>
public sealed class ServiceProcess : IAsyncDisposable
{
    readonly Process _shell;
    readonly Queue<string> _tail = new();
    readonly string _dataDirectory;
    int _servicePid;

    readonly StreamWriter? _log;

    ServiceProcess(Process shell, string dataDirectory, Uri baseUrl, StreamWriter? log)
    {
        _shell = shell;
        _log = log;
        _dataDirectory = dataDirectory;
        BaseUrl = baseUrl;
    }

    public Uri BaseUrl { get; }

    /// <summary>The service's data folder (SQLite file openchat.db, anvil state); deleted when the service stops.</summary>
    public string DataDirectory => _dataDirectory;

    /// <param name="moreArguments">Further service settings (<c>--Section:Key=value</c>), given the service's base URL.</param>
    /// <param name="environment">Settings kept off the command line (a seed passphrase), as environment variables.</param>
    /// <param name="prepare">Called with the new data folder before the service starts (e.g. to copy a shared seed vault into it).</param>
    public static async Task<ServiceProcess> StartAsync(
        string serviceAssembly, string contentRoot, string? anvilPath, string? logFile, string? dataRoot, CancellationToken ct,
        Func<Uri, IEnumerable<string>>? moreArguments = null, IReadOnlyDictionary<string, string>? environment = null,
        Action<string>? prepare = null)
    {
        if (!File.Exists(serviceAssembly))
            throw new FileNotFoundException(
                $"The service is not built: {serviceAssembly}. Run the bench with `dotnet run -c Release --project bench/<Name>.Bench -p:SkipContractsBuild=true`.");

        var port = FreePort();
        var baseUrl = new Uri($"http://127.0.0.1:{port}/");
        var dataDirectory = dataRoot is null
            ? Directory.CreateTempSubdirectory("openchat-bench-").FullName
            : Directory.CreateDirectory(Path.Combine(dataRoot, $"openchat-bench-{Guid.NewGuid():N}")).FullName;
        var start = new ProcessStartInfo("/bin/sh")
        {
            WorkingDirectory = contentRoot,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        // The service runs under a small shell that holds our end of a pipe: when the bench ends for any reason,
        // even a hard kill, the pipe closes and the shell stops the service with SIGTERM (which stops its anvil),
        // then deletes the data folder once anvil has had a moment to write its state file there.
        start.Environment["BENCH_DATA"] = dataDirectory;
        foreach (var (name, value) in environment ?? new Dictionary<string, string>()) start.Environment[name] = value;
        prepare?.Invoke(dataDirectory);
        // The benches fund their members from the deployer key, which production mints nothing (the treasury is
        // governance's): ask for test funding unless the bench chose its own amount.
        if (!start.Environment.ContainsKey("Deployment__TestFundingCoins")) start.Environment["Deployment__TestFundingCoins"] = "100000000";
        foreach (var arg in new[]
                 {
                     "-c", """ "$0" "$@" & service=$!; echo "service-pid $service"; cat >/dev/null; kill -TERM $service; wait $service; sleep 1; rm -rf "$BENCH_DATA" """,
                     "dotnet", serviceAssembly,
                     "--urls", baseUrl.GetLeftPart(UriPartial.Authority),
                     $"--Data:Directory={dataDirectory}",
                     "--Logging:LogLevel:Default=Warning",
                     "--Logging:Console:FormatterName=json", // the benches read log lines as JSON (Circles.Bench's confirmations)
                     "--RateLimits:SendBurst=100000",
                     "--RateLimits:SendPerSecond=100000",
                     "--RateLimits:SignIn:PermitLimit=100000",
                     $"--Siwe:Origins:0={baseUrl.GetLeftPart(UriPartial.Authority)}",
                 })
            start.ArgumentList.Add(arg);

        // The service finds anvil in contracts/node_modules (scripts/build-contracts.sh); elsewhere, say where it is.
        if (anvilPath is not null) start.ArgumentList.Add($"--Chain:AnvilPath={Path.GetFullPath(anvilPath)}");
        foreach (var arg in moreArguments?.Invoke(baseUrl) ?? []) start.ArgumentList.Add(arg);

        var shell = Process.Start(start) ?? throw new InvalidOperationException("Could not start /bin/sh");
        var service = new ServiceProcess(shell, dataDirectory, baseUrl, logFile is null ? null : new StreamWriter(logFile) { AutoFlush = true });
        var started = false;
        try
        {
            var first = await shell.StandardOutput.ReadLineAsync(ct);
            if (first?.StartsWith("service-pid ", StringComparison.Ordinal) != true)
                throw new InvalidOperationException($"The service wrapper said: {first}");
            service._servicePid = int.Parse(first["service-pid ".Length..], CultureInfo.InvariantCulture);
            _ = service.KeepTail(shell.StandardOutput);
            _ = service.KeepTail(shell.StandardError);
            await service.WaitUntilHealthyAsync(TimeSpan.FromSeconds(180), ct);
            started = true;
            return service;
        }
        finally
        {
            if (!started) await service.DisposeAsync();
        }
    }

    /// <summary>Resident memory of the service process (not its anvil), from /proc; null when it cannot be read.</summary>
    public long? ResidentBytes()
    {
        var status = $"/proc/{_servicePid}/status";
        if (!File.Exists(status)) return null;
        var line = File.ReadLines(status).FirstOrDefault(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        return line is null ? null : long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;
    }

    /// <summary>The service's process id (for dotnet-counters or dotnet-trace alongside a run).</summary>
    public int Pid => _servicePid;

    /// <summary>CPU time of the service process (not its anvil).</summary>
    public TimeSpan CpuTime()
    {
        try
        {
            using var process = Process.GetProcessById(_servicePid);
            return process.TotalProcessorTime;
        }
        catch (ArgumentException)
        {
            return TimeSpan.Zero;
        }
    }

    /// <summary>Waits until the service is nearly idle (under 10% of a core over half a second); returns how long that took.</summary>
    public async Task<TimeSpan> SettleAsync(TimeSpan limit, CancellationToken ct)
    {
        var waited = Stopwatch.StartNew();
        while (waited.Elapsed < limit)
        {
            var before = CpuTime();
            await Task.Delay(500, ct);
            if ((CpuTime() - before).TotalMilliseconds < 50) break;
        }
        return waited.Elapsed;
    }

    public string Tail()
    {
        lock (_tail) return string.Join('\n', _tail);
    }

    async Task KeepTail(StreamReader reader)
    {
        while (await reader.ReadLineAsync() is { } line)
        {
            lock (_tail)
            {
                _log?.WriteLine(line);
                _tail.Enqueue(line.Length <= 400 ? line : line[..400] + "…");
                while (_tail.Count > 8) _tail.Dequeue();
            }
        }
    }

    async Task WaitUntilHealthyAsync(TimeSpan limit, CancellationToken ct)
    {
        using var http = new HttpClient { BaseAddress = BaseUrl, Timeout = TimeSpan.FromSeconds(5) };
        var deadline = Stopwatch.StartNew();
        var last = "no answer";
        while (deadline.Elapsed < limit)
        {
            if (_shell.HasExited) throw new InvalidOperationException($"The service exited during start-up:\n{Tail()}");
            try
            {
                using var response = await http.GetAsync("health", ct);
                if (response.StatusCode == HttpStatusCode.OK) return;
                last = $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync(ct)}";
                // A start-up phase that failed (e.g. no anvil) does not heal by waiting.
                if (last.Contains("\"phase\":\"Failed\"", StringComparison.Ordinal))
                    throw new InvalidOperationException($"The service failed to start: {last}");
            }
            catch (HttpRequestException e)
            {
                last = e.Message;
            }
            catch (TaskCanceledException) when (!ct.IsCancellationRequested)
            {
                last = "health check timed out";
            }
            await Task.Delay(250, ct);
        }
        throw new TimeoutException($"The service was not healthy within {limit.TotalSeconds:N0} s (last: {last}):\n{Tail()}");
    }

    static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_shell.HasExited)
        {
            _shell.StandardInput.Close();
            using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(15));
            try
            {
                await _shell.WaitForExitAsync(wait.Token);
            }
            catch (OperationCanceledException)
            {
                _shell.Kill(entireProcessTree: true);
            }
        }
        _shell.Dispose();
        lock (_tail) _log?.Dispose();
        // anvil writes its state file on SIGTERM, possibly just after the service is gone: delete, then once more.
        for (var attempt = 0; attempt < 3 && Directory.Exists(_dataDirectory); attempt++)
        {
            try
            {
                Directory.Delete(_dataDirectory, recursive: true);
            }
            catch (IOException)
            {
                // A file still being written: the next attempt takes it.
            }
            await Task.Delay(500);
        }
    }
}
