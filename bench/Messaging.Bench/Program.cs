using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using System.Runtime.InteropServices;
using OpenChat.Chain.Messaging.Bench;

// End-to-end messaging load: N signed-in realtime clients against the real service (a child process), and the
// same load against a bare SignalR server in this process as the baseline of the same run. Options: README.md.

const int Pairs = 100, GroupSize = 100, ChainId = 31337;

var options = Options.Parse(args);
using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancel.Cancel();
};
using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, c =>
{
    c.Cancel = true;
    cancel.Cancel();
});
var ct = cancel.Token;

var metadata = typeof(Options).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().ToDictionary(a => a.Key, a => a.Value!);
// --service-assembly: another build of the service (a copy of an older build's folder), for before/after figures back to back.
var serviceAssembly = options.ServiceAssembly ?? metadata["ServiceAssembly"];
if (options.Cluster) return await ClusterRun.RunAsync(options, serviceAssembly, metadata["RepoRoot"], ct);
var clock = Stopwatch.StartNew();
Console.WriteLine($"Messaging load bench: {Environment.ProcessorCount} cores, {options.Settings.Warmup.TotalSeconds:N0} s warm-up + " +
    $"{options.Settings.Duration.TotalSeconds:N0} s measured per run, open loop; service {serviceAssembly}");
Console.WriteLine("  delivered = pushes that reached a recipient's device (the sender's own echo excluded); latency = arrival at each " +
    "recipient − the message's scheduled send time; POST = 2xx answer − scheduled send time; CPU in % of one core over the " +
    "measured window (200% = both cores), others = every other process on the machine (anvil, builds, tests)");

ServiceProcess? service = null;
BaselineServer? baseline = null;
try
{
    Step($"service: starting (anvil, contracts, {options.Storage})");
    service = await ServiceProcess.StartAsync(
        serviceAssembly, Path.Combine(metadata["RepoRoot"], "src", "Api"), options.Anvil, options.ServiceLog, options.DataRoot, ct,
        _ => options.StorageSettings, options.ServiceEnvironment);
    Step($"service: healthy at {service.BaseUrl}");
    if (options.ServiceCpus is { } serviceCpus) Step(CpuPinning.Split(service.Pid, serviceCpus));
    using var http = HttpFor(service.BaseUrl);

    var (users, retried) = await SiweSignUp.SignUpAsync(http, service.BaseUrl, ChainId, 2 * Pairs, n =>
    {
        if (n % 50 == 0) Step($"sign-ups (SIWE): {n}/{2 * Pairs}");
    }, ct);
    if (retried > 0) Step($"sign-ups: {retried} sign-ins answered 5xx and were retried (concurrent sign-ups; a service bug)");
    var chats = await Chats.CreateAsync(http, users, Pairs, GroupSize, ct);
    Step($"service: {Pairs} direct chats and a group of {GroupSize} created");
    PrivateLine.MlsCost? device = null;
    if (options.Private)
    {
        chats = chats with { PrivatePairs = await Chats.CreatePrivateAsync(http, users, Pairs, ct) };
        device = await PrivateLine.MeasureDeviceAsync(metadata["RepoRoot"], LoadRun.Text, ct);
        Step($"service: {Pairs} private direct chats created; ts-mls ciphertext of the bench's text: {device.CiphertextBase64} base64 chars");
    }
    var targets = new List<(Target Target, IReadOnlyList<BenchUser> Users, Chats Chats)>
    {
        (new Target("ours", service.BaseUrl, http, service.CpuTime), users, chats),
    };

    if (options.Baseline)
    {
        baseline = await BaselineServer.StartAsync(ct);
        var bareClient = HttpFor(baseline.BaseUrl);
        baseline.Owns(bareClient);
        var bareUsers = Enumerable.Range(0, 2 * Pairs).Select(_ => Guid.NewGuid()).Select(id => new BenchUser(id, id.ToString())).ToList();
        var bareChats = await Chats.CreateAsync(bareClient, bareUsers, Pairs, GroupSize, ct);
        targets.Add((new Target("baseline", baseline.BaseUrl, bareClient, null), bareUsers, bareChats));
        Step($"baseline: bare SignalR at {baseline.BaseUrl} with the same users and chats");
    }

    Console.WriteLine($"  load average at start: {LoadRun.LoadAverage()} (1, 5, 15 min); {Environment.ProcessorCount} cores");
    if (!options.Fixed)
    {
        await Phases.RunAsync(service, targets, options, ct);
        return 0;
    }

    var scenarios = new List<(string Key, Func<IReadOnlyList<BenchUser>, Chats, Scenario> Build)>
    {
        ("direct", (u, c) => Scenario.Direct("direct", 1_000 * options.Scale, u, c.Pairs)),
        // The same pairs and rate in private chats (the service only; the bare baseline has no ciphertext path).
        ("direct-private", (u, c) => Scenario.Direct("direct-private", 1_000 * options.Scale, u, c.PrivatePairs)
            with { Ciphertext = PrivateLine.StandIn(device!.CiphertextBase64) }),
        ("group50", (u, c) => Scenario.Group("group50", 50 * options.Scale, u.Take(GroupSize).ToList(), c.Group)),
        ("group100", (u, c) => Scenario.Group("group100", 100 * options.Scale, u.Take(GroupSize).ToList(), c.Group)),
    }.Where(s => options.Scenarios.Contains(s.Key) && (s.Key != "direct-private" || options.Private)).ToList();

    var results = new List<(RunResult Ours, RunResult? Baseline)>();
    if (options.Private)
    {
        // A cold service (JIT tiers, pools, SQLite cache) made whichever chat ran first look several times slower in
        // the first --private run: one unreported plain run first, so plain and private both meet a warm service.
        Step("warm-up: the plain 1:1 load once, not reported");
        await LoadRun.ExecuteAsync(targets[0].Target, Scenario.Direct("warm-up", 1_000 * options.Scale, users, chats.Pairs), options.Settings, ct,
            options.Transports.First());
        await service.SettleAsync(TimeSpan.FromSeconds(20), ct);
    }
    foreach (var (key, build) in scenarios)
    {
        var runs = new List<RunResult>();
        foreach (var (target, targetUsers, targetChats) in targets)
        {
            if (key == "direct-private" && target.Name != "ours") continue;
            var scenario = build(targetUsers, targetChats);
            Step($"{key} on {target.Name}: {scenario.Title}, connecting {scenario.Devices.Count} clients");
            // The first transport named: a fixed load over the hub serves as the profiling load (PROFILE.md).
            runs.Add(await LoadRun.ExecuteAsync(target, scenario, options.Settings, ct, options.Transports.First()));
            // Requests the client gave up on may still be running in the service: let it finish before the next run.
            if (await service.SettleAsync(TimeSpan.FromSeconds(20), ct) is { } settled && settled > TimeSpan.FromSeconds(2))
                Step($"service: busy for {settled.TotalSeconds:N0} s after the run");
        }
        results.Add((runs[0], runs.ElementAtOrDefault(1)));
        Report.Scenario(runs[0], runs.ElementAtOrDefault(1));
        Console.WriteLine();
    }
    Report.Summary(results);
    Report.Aim(results);
    if (device is not null && results.FirstOrDefault(r => r.Ours.Scenario.Key == "direct") is { Ours: { } plainRun }
        && results.FirstOrDefault(r => r.Ours.Scenario.Key == "direct-private") is { Ours: { } privateRun })
        PrivateLine.Print(plainRun, privateRun, device);
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
    if (service is not null) Console.WriteLine($"service output (last lines):\n{service.Tail()}");
    return 1;
}
finally
{
    if (baseline is not null) await baseline.DisposeAsync();
    if (service is not null)
    {
        Step("service: stopping and deleting its data folder");
        await service.DisposeAsync();
    }
    Step("done");
}

void Step(string text) => Console.WriteLine($"[{clock.Elapsed.TotalSeconds,5:0.0}s] {text}");

// At most 1,024 connections: an open loop far past a server's pace otherwise opens one per waiting request, and the
// in-process baseline's REST step at 10,000/s ran the bench out of memory ("Out of memory.": sockets, connections and
// threads on both sides of the loopback). A request waiting for a connection still counts from its due time.
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

sealed record Options(
    RunSettings Settings, IReadOnlySet<string> Scenarios, bool Baseline, string? Anvil, double Scale, string? ServiceLog, string? DataRoot)
{
    public bool Fixed { get; init; }
    public bool Private { get; init; }
    public IReadOnlySet<string> Shapes { get; init; } = new HashSet<string> { "direct", "group" };
    public IReadOnlySet<Transport> Transports { get; init; } = new HashSet<Transport> { Transport.Rest, Transport.Hub };
    public RunSettings RampSettings { get; init; } = new(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(3));
    public double RampFactor { get; init; } = 1.5;
    public TimeSpan Overload { get; init; } = TimeSpan.FromSeconds(30);
    public int Seed { get; init; } = 1_000_000;
    /// <summary>A PostgreSQL connection string (its database empty or the service's own), or null for SQLite in the data folder.</summary>
    public string? Postgres { get; init; }
    /// <summary>The writer reads its numbers under the lock for every group, as when several instances share the SQLite file.</summary>
    public bool SharedWriters { get; init; }
    /// <summary>In the overload phase, hub clients wait the refusal's retry-after before sending again (<see cref="RunSettings.HonourRetryAfter"/>).</summary>
    public bool HonourRetryAfter { get; init; }
    /// <summary>CPUs (a taskset list, e.g. "1") for the service and its anvil; the bench takes the others, so neither starves the other.</summary>
    public string? ServiceCpus { get; init; }
    public string? ServiceAssembly { get; init; }

    public string Storage => (Postgres is null ? "SQLite in a temp folder" : "PostgreSQL") + (SharedWriters && Postgres is null ? ", shared writers" : "");

    public IEnumerable<string> StorageSettings => (Postgres is null ? [] : new[] { "--Database:Provider=Postgres", $"--ConnectionStrings:Default={Postgres}" })
        .Concat(SharedWriters ? ["--Messaging:SharedWriters=true"] : []);
    public double? OverloadRate { get; init; }
    /// <summary>The SQLite default, one instance on PostgreSQL and two on PostgreSQL + Redis, 1:1 ramps only (ClusterRun).</summary>
    public bool Cluster { get; init; }
    /// <summary>The first rate of a --cluster ramp.</summary>
    public double RampFrom { get; init; } = 100;
    /// <summary>How long each --cluster set-up runs at the ramp's first rate, unreported, before its ramp (--cluster-warmup seconds).</summary>
    public TimeSpan ClusterWarmup { get; init; } = TimeSpan.FromSeconds(30);
    /// <summary>Which --cluster set-ups run (sqlite, pg-1, cluster): all three unless named.</summary>
    public IReadOnlySet<string> Setups { get; init; } = new HashSet<string> { "sqlite", "pg-1", "cluster" };
    public TimeSpan Soak { get; init; }
    public double? SoakRate { get; init; }
    /// <summary>The soak's warm-up at the same rate before its measured window (the RSS verdict leaves it out).</summary>
    public TimeSpan SoakWarmup { get; init; } = TimeSpan.FromMinutes(2);
    /// <summary>Where dotnet-counters writes the service's System.Runtime counters during the soak (CSV), if asked.</summary>
    public string? GcCounters { get; init; }
    /// <summary>Environment variables for the service process, e.g. runtime GC settings to compare (DOTNET_GCgen0size=…).</summary>
    public IReadOnlyDictionary<string, string> ServiceEnvironment { get; init; } = new Dictionary<string, string>();

    public static Options Parse(string[] args)
    {
        var values = new Dictionary<string, string>();
        var flags = new HashSet<string>();
        for (var i = 0; i < args.Length; i++)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal)) throw new ArgumentException($"Unexpected argument {args[i]}");
            if (i + 1 < args.Length && !args[i + 1].StartsWith("--", StringComparison.Ordinal)) values[args[i][2..]] = args[++i];
            else flags.Add(args[i][2..]);
        }
        TimeSpan Seconds(string name, double fallback) =>
            TimeSpan.FromSeconds(values.TryGetValue(name, out var v) ? double.Parse(v, CultureInfo.InvariantCulture) : fallback);
        return new Options(
            new RunSettings(Seconds("warmup", 2), Seconds("duration", 10), Seconds("drain", 5)),
            (values.GetValueOrDefault("scenarios") ?? (flags.Contains("private") ? "direct,direct-private" : "direct,group50,group100")).Split(',').ToHashSet(),
            !flags.Contains("no-baseline"),
            values.GetValueOrDefault("anvil"),
            values.TryGetValue("scale", out var scale) ? double.Parse(scale, CultureInfo.InvariantCulture) : 1,
            values.GetValueOrDefault("service-log"),
            values.GetValueOrDefault("data-root"))
        {
            // --private: the fixed 1:1 load in plain and in private chats of the same pairs, side by side (PrivateLine).
            Fixed = flags.Contains("fixed") || flags.Contains("private"),
            Private = flags.Contains("private"),
            Shapes = (values.GetValueOrDefault("shapes") ?? "direct,group").Split(',').ToHashSet(),
            Transports = (values.GetValueOrDefault("transports") ?? "rest,hub").Split(',').Select(t => Enum.Parse<Transport>(t, ignoreCase: true)).ToHashSet(),
            RampSettings = new RunSettings(TimeSpan.FromSeconds(1), Seconds("ramp-seconds", 5), TimeSpan.FromSeconds(3)),
            RampFactor = values.TryGetValue("ramp-factor", out var factor) ? double.Parse(factor, CultureInfo.InvariantCulture) : 1.5,
            Overload = flags.Contains("no-overload") ? TimeSpan.Zero : Seconds("overload-seconds", 30),
            OverloadRate = values.TryGetValue("overload-rate", out var overloadRate) ? double.Parse(overloadRate, CultureInfo.InvariantCulture) : null,
            Soak = TimeSpan.FromMinutes(values.TryGetValue("soak-minutes", out var soak) ? double.Parse(soak, CultureInfo.InvariantCulture) : 0),
            SoakRate = values.TryGetValue("soak-rate", out var soakRate) ? double.Parse(soakRate, CultureInfo.InvariantCulture) : null,
            SoakWarmup = TimeSpan.FromMinutes(values.TryGetValue("soak-warmup-minutes", out var soakWarmup) ? double.Parse(soakWarmup, CultureInfo.InvariantCulture) : 2),
            GcCounters = values.GetValueOrDefault("gc-counters"),
            ServiceEnvironment = (values.GetValueOrDefault("service-env") ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries)
                .Select(e => e.Split('=', 2)).ToDictionary(e => e[0], e => e.Length == 2 ? e[1] : ""),
            Seed = flags.Contains("no-hot-reads") ? 0 : values.TryGetValue("seed", out var seed) ? int.Parse(seed, CultureInfo.InvariantCulture) : 1_000_000,
            Postgres = values.GetValueOrDefault("postgres"),
            SharedWriters = flags.Contains("shared-writers"),
            HonourRetryAfter = flags.Contains("honour-retry-after"),
            ServiceCpus = values.GetValueOrDefault("service-cpus"),
            ServiceAssembly = values.GetValueOrDefault("service-assembly"),
            Cluster = flags.Contains("cluster"),
            RampFrom = values.TryGetValue("ramp-from", out var from) ? double.Parse(from, CultureInfo.InvariantCulture) : 100,
            ClusterWarmup = Seconds("cluster-warmup", 30),
            Setups = (values.GetValueOrDefault("setups") ?? "sqlite,pg-1,cluster").Split(',').ToHashSet(),
        };
    }
}
