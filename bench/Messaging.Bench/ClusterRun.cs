using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace OpenChat.Chain.Messaging.Bench;

/// <summary>
/// <c>--cluster</c>: the sustained 1:1 rate of three set-ups in one run, each alone on the machine while it is measured
/// (started, ramped, stopped): the SQLite default; one instance on PostgreSQL; two instances on one PostgreSQL
/// database and one Redis sharing one anvil, with the users' devices and REST sends alternating between them (user
/// 2p on A, 2p+1 on B), so every 1:1 message is written on one instance and pushed from the other. PostgreSQL and Redis
/// are private servers started through scripts/postgres.sh and scripts/redis.sh on free ports with temporary
/// folders, destroyed at the end. The summary gives the cluster's rate as a ratio of the single PostgreSQL instance's
/// (aim: at least 0.7, the cluster costing at most 30 %).
/// </summary>
static class ClusterRun
{
    const int Pairs = 100, GroupSize = 100, ChainId = 31337;

    // anvil's publicly known account 0 deploys the contracts on the bench's own chain: a local chain only.
    const string DeployerKey = "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80";

    public const double Aim = 0.7;

    sealed record Setup(string Name, string Title, Func<CancellationToken, Task<Running>> StartAsync);

    /// <summary>A started set-up: its instances, how the load sees it, and how it stops.</summary>
    sealed record Running(IReadOnlyList<ServiceProcess> Instances, Func<TimeSpan>? BackingCpu, IAsyncDisposable? Extra) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            foreach (var instance in Instances.Reverse()) await instance.DisposeAsync();
            if (Extra is not null) await Extra.DisposeAsync();
        }
    }

    public static async Task<int> RunAsync(Options options, string serviceAssembly, string repoRoot, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        void Step(string text) => Console.WriteLine($"[{clock.Elapsed.TotalSeconds,5:0.0}s] {text}");
        var contentRoot = Path.Combine(repoRoot, "src", "Api");
        var anvilPath = Path.GetFullPath(options.Anvil ?? Path.Combine(repoRoot, "contracts", "node_modules", ".bin", "anvil"));
        var folder = Directory.CreateDirectory(Path.Combine(options.DataRoot ?? Path.GetTempPath(), $"openchat-cluster-bench-{Guid.NewGuid():N}")).FullName;
        var servers = new BackingServers(repoRoot, folder);
        Console.WriteLine($"Messaging cluster bench: {Environment.ProcessorCount} cores, sustained 1:1 rate of the SQLite default, one instance on " +
            $"PostgreSQL and two instances on PostgreSQL + Redis; {options.RampSettings.Warmup.TotalSeconds:N0} s warm-up + " +
            $"{options.RampSettings.Duration.TotalSeconds:N0} s measured per step, ×{options.RampFactor} from {options.RampFrom:N0}/s; " +
            $"{options.ClusterWarmup.TotalSeconds:N0} s warm-up per set-up first; pass = no loss, no backlog, push p99 < {Ramp.P99LimitMs:N0} ms; service {serviceAssembly}" +
            (options.ServiceEnvironment.Count == 0 ? "" : "; service environment " + string.Join(' ', options.ServiceEnvironment.Select(e => $"{e.Key}={e.Value}"))));
        try
        {
            Step("PostgreSQL and Redis: starting private servers (scripts/postgres.sh, scripts/redis.sh)");
            await servers.StartAsync(ct);
            Step($"PostgreSQL at {servers.PostgresPort}, Redis at {servers.Redis}");

            string? Log(string name) => options.ServiceLog is null ? null : $"{options.ServiceLog}.{name}";
            var systems = new List<Setup>
            {
                new("sqlite", "one instance, SQLite (the default)", async token => new Running(
                    [await ServiceProcess.StartAsync(serviceAssembly, contentRoot, anvilPath, Log("sqlite"), options.DataRoot, token, null, options.ServiceEnvironment)], null, null)),
                new("pg-1", "one instance, PostgreSQL", async token =>
                {
                    var database = await servers.DatabaseAsync("bench_single", token);
                    return new Running([await ServiceProcess.StartAsync(serviceAssembly, contentRoot, anvilPath, Log("pg-1"), options.DataRoot, token,
                        _ => ["--Database:Provider=Postgres", $"--ConnectionStrings:Default={database}"], options.ServiceEnvironment)], servers.PostgresCpu, null);
                }),
                new("cluster", "two instances, PostgreSQL + Redis, one anvil", async token =>
                {
                    var database = await servers.DatabaseAsync("bench_cluster", token);
                    var anvil = await Anvil.StartAsync(anvilPath, Path.Combine(folder, "chain"), token);
                    var settings = new[]
                    {
                        "--Database:Provider=Postgres", $"--ConnectionStrings:Default={database}",
                        $"--ConnectionStrings:Redis={servers.Redis}", "--Redis:ChannelPrefix=bench",
                        $"--Chain:RpcUrl={anvil.RpcUrl}", $"--Chain:DeployerPrivateKey={DeployerKey}", "--Wallet:FundRelayer=true",
                    };
                    // A chain of our own is external to the service, which then wants a seed passphrase: a random one, in the environment.
                    var environment = new Dictionary<string, string>(options.ServiceEnvironment) { ["Wallet__SeedPassphrase"] = Convert.ToBase64String(Guid.NewGuid().ToByteArray()) };
                    var instances = new List<ServiceProcess>();
                    var started = false;
                    try
                    {
                        // A first, alone: it deploys the contracts and creates the sealed seed, which B opens (one service, one seed).
                        instances.Add(await ServiceProcess.StartAsync(serviceAssembly, contentRoot, null, Log("a"), options.DataRoot, token, _ => settings, environment));
                        var vault = Path.Combine("wallet", "seed.json");
                        instances.Add(await ServiceProcess.StartAsync(serviceAssembly, contentRoot, null, Log("b"), options.DataRoot, token, _ => settings, environment,
                            data =>
                            {
                                Directory.CreateDirectory(Path.Combine(data, "wallet"));
                                File.Copy(Path.Combine(instances[0].DataDirectory, vault), Path.Combine(data, vault));
                            }));
                        started = true;
                    }
                    finally
                    {
                        if (!started)
                        {
                            foreach (var instance in instances) await instance.DisposeAsync();
                            await anvil.DisposeAsync();
                        }
                    }
                    return new Running(instances, () => servers.PostgresCpu() + servers.RedisCpu(), anvil);
                }),
            };

            var outcomes = new List<(Setup System, Ramp.Outcome Outcome)>();
            foreach (var system in systems.Where(s => options.Setups.Contains(s.Name)))
            {
                Console.WriteLine();
                Step($"{system.Name}: starting {system.Title} (load average {LoadRun.LoadAverage()})");
                await using var running = await system.StartAsync(ct);
                Step($"{system.Name}: healthy at {string.Join(", ", running.Instances.Select(i => i.BaseUrl))}");
                var first = running.Instances[0];
                var clients = running.Instances.Select(i => (i.BaseUrl, Http: HttpFor(i.BaseUrl))).ToList();
                try
                {
                    var (users, retried) = await SiweSignUp.SignUpAsync(clients[0].Http, first.BaseUrl, ChainId, 2 * Pairs, _ => { }, ct);
                    if (retried > 0) Step($"{system.Name}: {retried} sign-ins answered 5xx and were retried (concurrent sign-ups; a service bug)");
                    var chats = await Chats.CreateAsync(clients[0].Http, users, Pairs, GroupSize, ct);
                    var index = users.Select((u, i) => (u.Id, i)).ToDictionary(p => p.Id, p => p.i);
                    var target = new Target(system.Name, first.BaseUrl, clients[0].Http, () => running.Instances.Aggregate(TimeSpan.Zero, (sum, i) => sum + i.CpuTime()))
                    {
                        Instances = clients,
                        // Pairs are users (2p, 2p+1): alternating instances puts the two sides of every 1:1 chat on different instances.
                        InstanceOf = u => index[u.Id] % clients.Count,
                        BackingCpu = running.BackingCpu,
                    };
                    Step($"{system.Name}: {users.Count} users signed up (SIWE), {Pairs} direct chats; devices on {clients.Count} instance(s)");
                    foreach (var transport in new[] { Transport.Rest, Transport.Hub }.Where(options.Transports.Contains))
                    {
                        await WarmUpAsync(system.Name, target, users, chats, transport, options, () => SettleAsync(running, ct), ct);
                        var outcome = await Ramp.FindAsync(target, "direct", rate => Scenario.Direct("direct", rate, users, chats.Pairs), transport,
                            options.RampFrom, options.RampFactor, 64_000, options.RampSettings, () => SettleAsync(running, ct), ct);
                        outcomes.Add((system, outcome));
                    }
                }
                finally
                {
                    foreach (var (_, http) in clients) http.Dispose();
                    Step($"{system.Name}: stopping");
                }
            }
            Summary(outcomes);
            return 0;
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            Step("cancelled");
            return 130;
        }
        catch (Exception e) when (e is InvalidOperationException or TimeoutException or FileNotFoundException or HttpRequestException)
        {
            Step($"failed: {e.Message}");
            return 1;
        }
        finally
        {
            Step("PostgreSQL and Redis: stopping and deleting their folders");
            await servers.DisposeAsync();
            try { Directory.Delete(folder, recursive: true); } catch (IOException) { } // a file still being written: the temp folder keeps it
            Step("done");
        }
    }

    /// <summary>
    /// A fresh set-up runs its first seconds on unoptimised code (tiered JIT), empty pools and caches: unreported, the
    /// ramp's first rate for <see cref="Options.ClusterWarmup"/>, so each set-up's ramp starts warm (two instances warm
    /// up twice the code, which a ramp starting cold charged to the cluster alone).
    /// </summary>
    static async Task WarmUpAsync(string name, Target target, IReadOnlyList<BenchUser> users, Chats chats, Transport transport, Options options,
        Func<Task> settle, CancellationToken ct)
    {
        if (options.ClusterWarmup <= TimeSpan.Zero) return;
        var run = await LoadRun.ExecuteAsync(target, Scenario.Direct("direct", options.RampFrom, users, chats.Pairs),
            new RunSettings(TimeSpan.FromSeconds(1), options.ClusterWarmup, TimeSpan.FromSeconds(3)), ct, transport, quiet: true);
        Console.WriteLine($"    {name,-8} {transport,-4} warm-up {options.ClusterWarmup.TotalSeconds:N0} s at {options.RampFrom:N0}/s (not reported): sent {run.SentPerSecond:N0}/s," +
            $" p99 {Ramp.Ms(run.Push.P99)} ms, errors {run.Errors:N0}, CPU {Ramp.Cpu(run)}");
        await settle();
    }

    static async Task SettleAsync(Running running, CancellationToken ct)
    {
        foreach (var instance in running.Instances) await instance.SettleAsync(TimeSpan.FromSeconds(20), ct);
    }

    static void Summary(IReadOnlyList<(Setup System, Ramp.Outcome Outcome)> outcomes)
    {
        Console.WriteLine();
        Console.WriteLine($"== Sustained 1:1 rates (pass: no loss, no backlog, push p99 < {Ramp.P99LimitMs:N0} ms; load average {LoadRun.LoadAverage()}); " +
            "service µs/msg = CPU of the service processes (both instances for the cluster) per accepted message; db+redis µs/msg = PostgreSQL's and Redis's");
        Console.WriteLine("    transport │ set-up    sent/s  delivered/s  p99 ms  service µs/msg  db+redis µs/msg │ ratio to pg-1   (no step passed: its last failed step, marked ✗)");
        foreach (var transport in outcomes.Select(o => o.Outcome.Transport).Distinct())
        {
            var single = outcomes.FirstOrDefault(o => o.System.Name == "pg-1" && o.Outcome.Transport == transport).Outcome?.Sustained;
            foreach (var (system, outcome) in outcomes.Where(o => o.Outcome.Transport == transport))
            {
                // A busy machine may pass no step: the last failed one still says what each set-up did (not a sustained rate).
                var r = outcome.Sustained ?? outcome.Failed;
                var mark = outcome.Sustained is null && r is not null ? "✗" : " ";
                var sustained = outcome.Sustained;
                var ratio = sustained is null || single is null ? "-" : (sustained.OfferedPerSecond / single.OfferedPerSecond).ToString("0.00", CultureInfo.InvariantCulture);
                var aim = system.Name == "cluster" && sustained is not null && single is not null
                    ? sustained.OfferedPerSecond / single.OfferedPerSecond >= Aim ? $" (aim ≥ {Aim:0.0} ✓)" : $" (aim ≥ {Aim:0.0} ✗)" : "";
                Console.WriteLine($"    {transport,-9} │ {system.Name,-8}{mark}{Value(r?.SentPerSecond),6} {Value(r?.DeliveredPerSecond),12} {(r is null ? "-" : Ramp.Ms(r.Push.P99)),7}" +
                    $" {Value(r?.CpuMicrosPerMessage),15} {Value(r?.BackingMicrosPerMessage),16} │ {ratio}{aim}");
            }
        }
        static string Value(double? v) => v is { } x ? x.ToString("N0", CultureInfo.InvariantCulture) : "-";
    }

    static HttpClient HttpFor(Uri baseUrl) => new(new SocketsHttpHandler
    {
        PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
        ConnectTimeout = TimeSpan.FromSeconds(5),
        MaxConnectionsPerServer = 1_024,
    })
    {
        BaseAddress = baseUrl,
        Timeout = TimeSpan.FromSeconds(10),
    };

    internal static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Private PostgreSQL and Redis servers (the project's scripts, free ports, folders under the run's folder).</summary>
    sealed class BackingServers(string repoRoot, string folder) : IAsyncDisposable
    {
        readonly int _pgPort = FreePort(), _redisPort = FreePort();
        string PgDir => Path.Combine(folder, "pg");
        string RedisDir => Path.Combine(folder, "redis");
        bool _pgStarted, _redisStarted;

        public int PostgresPort => _pgPort;
        public string Redis { get; private set; } = "";

        public async Task StartAsync(CancellationToken ct)
        {
            _pgStarted = true;
            await PostgresAsync(ct, "start", "postgres");
            _redisStarted = true;
            Redis = await Script("redis.sh", new() { ["REDIS_PORT"] = $"{_redisPort}", ["REDIS_DIR"] = RedisDir }, ct, "start");
        }

        /// <summary>Creates the database (scripts/postgres.sh start db) and returns its connection string.</summary>
        public Task<string> DatabaseAsync(string name, CancellationToken ct) => PostgresAsync(ct, "start", name);

        Task<string> PostgresAsync(CancellationToken ct, params string[] arguments) =>
            Script("postgres.sh", new() { ["OPENCHAT_PG_PORT"] = $"{_pgPort}", ["OPENCHAT_PG_DIR"] = PgDir }, ct, arguments);

        /// <summary>The postmaster, its backends, and (through its cumulative child time) the backends that have exited.</summary>
        public TimeSpan PostgresCpu() => TreeCpu(PidFrom(Path.Combine(PgDir, "data", "postmaster.pid")));

        public TimeSpan RedisCpu() => TreeCpu(PidFrom(Path.Combine(RedisDir, "redis.pid")));

        static int? PidFrom(string file)
        {
            try
            {
                return int.TryParse(File.ReadLines(file).FirstOrDefault(), CultureInfo.InvariantCulture, out var pid) ? pid : null;
            }
            catch (IOException)
            {
                return null;
            }
        }

        /// <summary>CPU of a process and its children from /proc: utime + stime of each, plus the root's cutime + cstime.</summary>
        static TimeSpan TreeCpu(int? root)
        {
            if (root is not { } pid || !Directory.Exists("/proc")) return TimeSpan.Zero;
            long ticks = 0;
            foreach (var dir in Directory.EnumerateDirectories("/proc"))
            {
                if (!int.TryParse(Path.GetFileName(dir), out var id)) continue;
                string stat;
                try { stat = File.ReadAllText(Path.Combine(dir, "stat")); }
                catch (IOException) { continue; } // ended meanwhile
                // Fields after the command name (which may hold spaces): state ppid … utime(14) stime(15) cutime(16) cstime(17).
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                var ppid = int.Parse(fields[1], CultureInfo.InvariantCulture);
                if (id != pid && ppid != pid) continue;
                ticks += long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
                if (id == pid) ticks += long.Parse(fields[13], CultureInfo.InvariantCulture) + long.Parse(fields[14], CultureInfo.InvariantCulture);
            }
            return TimeSpan.FromSeconds(ticks / 100.0); // USER_HZ is 100 on Linux
        }

        async Task<string> Script(string name, Dictionary<string, string> environment, CancellationToken ct, params string[] arguments)
        {
            var start = new ProcessStartInfo("bash", [Path.Combine(repoRoot, "scripts", name), .. arguments])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            foreach (var (key, value) in environment) start.Environment[key] = value;
            using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not run scripts/{name}");
            var output = process.StandardOutput.ReadToEndAsync(ct);
            var errors = process.StandardError.ReadToEndAsync(ct);
            await process.WaitForExitAsync(ct);
            if (process.ExitCode != 0) throw new InvalidOperationException($"scripts/{name} {arguments[0]} failed: {await errors}");
            return (await output).Trim();
        }

        public async ValueTask DisposeAsync()
        {
            // Not the caller's token: the servers must stop after a Ctrl+C too.
            if (_pgStarted) await PostgresAsync(CancellationToken.None, "destroy");
            if (_redisStarted) await Script("redis.sh", new() { ["REDIS_PORT"] = $"{_redisPort}", ["REDIS_DIR"] = RedisDir }, CancellationToken.None, "stop");
        }
    }

    /// <summary>The cluster's one chain: anvil on a free port, stopped (SIGTERM, then kill) at the end.</summary>
    sealed class Anvil(Process process, Uri rpcUrl) : IAsyncDisposable
    {
        public Uri RpcUrl => rpcUrl;

        public static async Task<Anvil> StartAsync(string path, string home, CancellationToken ct)
        {
            Directory.CreateDirectory(home);
            var port = FreePort();
            var start = new ProcessStartInfo(path, ["--host", "127.0.0.1", "--port", $"{port}", "--block-time", "1", "--silent"])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                Environment = { ["HOME"] = home }, // anvil keeps its cache under ~/.foundry
            };
            var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {path}");
            var anvil = new Anvil(process, new Uri($"http://127.0.0.1:{port}/"));
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
            for (var attempt = 0; attempt < 100; attempt++)
            {
                if (process.HasExited) break;
                try
                {
                    using var response = await http.PostAsync(anvil.RpcUrl,
                        new StringContent("""{"jsonrpc":"2.0","id":1,"method":"eth_chainId","params":[]}""", System.Text.Encoding.UTF8, "application/json"), ct);
                    if (response.IsSuccessStatusCode) return anvil;
                }
                catch (HttpRequestException) { } // not listening yet
                await Task.Delay(200, ct);
            }
            await anvil.DisposeAsync();
            throw new InvalidOperationException($"anvil did not answer on {anvil.RpcUrl}");
        }

        public async ValueTask DisposeAsync()
        {
            if (!process.HasExited)
            {
                process.Kill();
                await process.WaitForExitAsync();
            }
            process.Dispose();
        }
    }
}
