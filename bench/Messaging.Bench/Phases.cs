using System.Globalization;

namespace OpenChat.Chain.Messaging.Bench;

/// <summary>
/// The default run: the sustained rate of each shape (1:1, group of 100) and transport (REST, hub) found by a
/// ramp, for the service and the bare baseline of the same run; then the service offered twice its sustained
/// rate; then the hot reads over a million stored messages.
/// </summary>
static class Phases
{
    const int GroupSize = 100;

    public static async Task RunAsync(ServiceProcess service, IReadOnlyList<(Target Target, IReadOnlyList<BenchUser> Users, Chats Chats)> targets,
        Options options, CancellationToken ct)
    {
        Console.WriteLine();
        Console.WriteLine($"== Ramps: {options.RampSettings.Warmup.TotalSeconds:N0} s warm-up + {options.RampSettings.Duration.TotalSeconds:N0} s measured per step, ×{options.RampFactor} per step; " +
            $"pass = no loss, no backlog, push p99 < {Ramp.P99LimitMs:N0} ms");
        var outcomes = new List<Ramp.Outcome>();
        foreach (var shape in new[] { "direct", "group" }.Where(options.Shapes.Contains))
        foreach (var transport in new[] { Transport.Rest, Transport.Hub }.Where(options.Transports.Contains))
        foreach (var (target, users, chats) in targets)
        {
            var ours = target.Name == "ours";
            var (from, upTo) = (shape, ours) switch
            {
                // Low enough to pass on a busy shared machine; ×1.5 reaches 4,000 from 100 in ten steps.
                ("direct", true) => (100.0, 64_000.0),
                ("direct", false) => (400.0, 64_000.0),
                (_, true) => (10.0, 8_000.0),
                _ => (40.0, 8_000.0),
            };
            outcomes.Add(await Ramp.FindAsync(target, shape, ScenarioAt(shape, users, chats), transport, from, options.RampFactor, upTo,
                options.RampSettings, () => Settle(service, ours, ct), ct));
        }
        Ramp.Summary(outcomes);

        var (oursTarget, oursUsers, oursChats) = targets[0];
        var direct = ScenarioAt("direct", oursUsers, oursChats);
        if (options.Overload > TimeSpan.Zero && options.OverloadRate is { } offered)
            // A given rate instead of the ramps' (a busy machine): the rate stands for twice the sustained one.
            foreach (var transport in new[] { Transport.Rest, Transport.Hub }.Where(options.Transports.Contains))
                await OverloadAsync(service, oursTarget, direct, transport, offered / 2, options, ct);
        else if (options.Overload > TimeSpan.Zero)
            foreach (var outcome in outcomes.Where(o => o.Target == "ours" && o.Shape == "direct" && o.Sustained is not null))
                await OverloadAsync(service, oursTarget, direct, outcome.Transport, outcome.Sustained!.OfferedPerSecond, options, ct);

        if (options.Soak > TimeSpan.Zero)
        {
            var hub = outcomes.FirstOrDefault(o => o.Target == "ours" && o.Shape == "direct" && o.Transport == Transport.Hub)?.Sustained;
            var rate = options.SoakRate ?? hub?.OfferedPerSecond / 2;
            if (rate is { } r) await SoakAsync(service, oursTarget, direct(r), options.Soak, options, ct);
            else Console.WriteLine("\n== Soak: not run (no sustained hub 1:1 rate; give --soak-rate)");
        }

        if (options.Seed > 0)
        {
            Console.WriteLine();
            Console.WriteLine($"== Hot reads over {options.Seed:N0} stored messages (load average {LoadRun.LoadAverage()})");
            await HotReads.RunAsync(service, oursTarget.Http, oursUsers, options.Seed, ct);
        }
    }

    static Func<double, Scenario> ScenarioAt(string shape, IReadOnlyList<BenchUser> users, Chats chats) => shape == "direct"
        ? rate => Scenario.Direct("direct", rate, users, chats.Pairs)
        : rate => Scenario.Group("group", rate, users.Take(GroupSize).ToList(), chats.Group);

    /// <summary>
    /// Twice the sustained rate for a while: what was accepted must all be delivered (nothing acknowledged is
    /// lost), at no less than 90 % of the sustained rate; the rest refused quickly; then a run at half the
    /// sustained rate must pass again (recovered by itself).
    /// </summary>
    static async Task OverloadAsync(ServiceProcess service, Target target, Func<double, Scenario> scenarioAt, Transport transport, double sustained,
        Options options, CancellationToken ct)
    {
        Console.WriteLine();
        Console.WriteLine($"== Overload ({transport}, 1:1): offered 2 × {sustained:N0} = {2 * sustained:N0} msgs/s for {options.Overload.TotalSeconds:N0} s (load average {LoadRun.LoadAverage()})");
        var honour = options.HonourRetryAfter && transport == Transport.Hub;
        if (honour) Console.WriteLine("    clients honour the refusal's retry-after: a refused device sends nothing for that long (its messages due meanwhile are held, not offered)");
        var run = await LoadRun.ExecuteAsync(target, scenarioAt(2 * sustained),
            new RunSettings(TimeSpan.FromSeconds(1), options.Overload, TimeSpan.FromSeconds(10)) { HonourRetryAfter = honour }, ct, transport, quiet: true);
        var lost = run.Missing + run.NeverPushed;
        Console.WriteLine($"    accepted {run.SentPerSecond:N0}/s ({run.SentPerSecond / sustained:P0} of sustained; aim ≥ 90 %) {(run.SentPerSecond >= 0.9 * sustained ? "✓" : "✗")}," +
            $" delivered {run.DeliveredPerSecond:N0}/s, push p99 of accepted {Ramp.Ms(run.Push.P99)} ms; accepted answered p50 {Ramp.Ms(run.Post.P50)} / p99 {Ramp.Ms(run.Post.P99)} ms");
        Console.WriteLine($"    refused: {(run.Non2xx == 0 ? "none" : run.Statuses)} (status × count; 503 = messaging.busy: writer behind or its queue full, 429 = rate limit; " +
            $"answered p50 {Ramp.Ms(run.Refused.P50)} / p99 {Ramp.Ms(run.Refused.P99)} ms); timeouts {run.Timeouts:N0}, other errors {run.OtherErrors:N0}" +
            (honour ? $"; held by clients after a refusal {run.HeldByClient:N0}" : ""));
        if (transport == Transport.Hub)
            Console.WriteLine($"    the clients' own lateness: send calls began p50 {Ramp.Ms(run.SendsLeftLate.P50)} / p99 {Ramp.Ms(run.SendsLeftLate.P99)} ms after due; " +
                $"refusals answered from the send call p50 {Ramp.Ms(run.RefusedFromSend.P50)} / p99 {Ramp.Ms(run.RefusedFromSend.P99)} ms " +
                "(includes the client's own queue for its connection and its CPU wait to read the answer)");
        Console.WriteLine($"    accepted pushes, split where the writer took the message: due → taken p50 {Ramp.Ms(run.PushSplit.UntilTaken.P50)} / p99 {Ramp.Ms(run.PushSplit.UntilTaken.P99)} ms, " +
            $"taken → arrival p50 {Ramp.Ms(run.PushSplit.AfterTaken.P50)} / p99 {Ramp.Ms(run.PushSplit.AfterTaken.P99)} ms");
        Console.WriteLine($"    acknowledged but not delivered: {lost:N0} {(lost == 0 ? "✓" : "✗")}; duplicates {run.Duplicates:N0}, sequence clashes {run.SequenceClashes:N0}, out-of-order pushes {run.OutOfOrder:N0}; " +
            $"server CPU {run.ServerCpuPercent:N0}% = {run.CpuMicrosPerMessage:N0} µs per accepted message, {run.CpuMicrosPerAnswered:N0} µs per answered send ({run.RefusedPerSecond:N0} refusals/s)");
        await Settle(service, true, ct);
        var after = await LoadRun.ExecuteAsync(target, scenarioAt(sustained / 2), options.RampSettings, ct, transport, quiet: true);
        Console.WriteLine($"    recovery at {sustained / 2:N0}/s right after: push p99 {Ramp.Ms(after.Push.P99)} ms, errors {after.Errors:N0}: {(Ramp.Passes(after) ? "pass ✓" : "FAIL ✗ " + Ramp.Why(after))}");
        await Settle(service, true, ct);
    }

    /// <summary>
    /// A long run at a steady rate (half the sustained one by default) with the service's resident memory sampled every
    /// 5 s. The verdict is the issue's "memory flat (RSS within 10 %)": the band (highest − lowest) / lowest of every
    /// sample taken after the warm-up, which runs at the same rate first (caches filled, the runtime's heaps sized).
    /// With --gc-counters, dotnet-counters records the service's GC figures beside it (what the band is made of).
    /// </summary>
    static async Task SoakAsync(ServiceProcess service, Target target, Scenario scenario, TimeSpan length, Options options, CancellationToken ct)
    {
        var warmup = options.SoakWarmup;
        Console.WriteLine();
        Console.WriteLine($"== Soak (hub, 1:1): {scenario.SentPerSecond:N0} msgs/s, {warmup.TotalMinutes:0.#} min warm-up + {length.TotalMinutes:0.#} min measured, " +
            $"service RSS every 5 s (load average {LoadRun.LoadAverage()}){(options.ServiceEnvironment.Count == 0 ? "" : "; service environment " + string.Join(' ', options.ServiceEnvironment.Select(e => $"{e.Key}={e.Value}")))}");
        var samples = new List<MemorySample>();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        using var counters = options.GcCounters is { } csv ? GcCounters.Start(service.Pid, csv) : null;
        var started = System.Diagnostics.Stopwatch.StartNew();
        var sampling = Task.Run(async () =>
        {
            try
            {
                while (true)
                {
                    if (MemorySample.Of(service.Pid, started.Elapsed) is { } sample) lock (samples) samples.Add(sample);
                    await Task.Delay(TimeSpan.FromSeconds(5), stop.Token);
                }
            }
            catch (OperationCanceledException)
            {
                // The run is over.
            }
        }, ct);
        var run = await LoadRun.ExecuteAsync(target, scenario, new RunSettings(warmup, length, TimeSpan.FromSeconds(10)), ct, Transport.Hub, quiet: true);
        await stop.CancelAsync();
        await sampling;
        counters?.Stop();
        static string Mb(long bytes) => (bytes / 1048576.0).ToString("N1", CultureInfo.InvariantCulture);
        // The measured window of the load: from the warm-up's end to the last message due (the drain is left out).
        var measured = samples.Where(s => s.At >= warmup && s.At <= warmup + length).ToList();
        Console.WriteLine($"    sent {run.SentPerSecond:N0}/s, push p99 {Ramp.Ms(run.Push.P99)} ms, errors {run.Errors:N0}, server CPU {run.ServerCpuPercent:N0}% = {run.CpuMicrosPerMessage:N0} µs/msg; " +
            $"load average {run.LoadAverage} at its start, {LoadRun.LoadAverage()} at its end");
        // Which errors: a refusal (503/429) is the service protecting itself; a missing or duplicate push would be a bug.
        Console.WriteLine($"    errors: refused {(run.Non2xx == 0 ? "none" : run.Statuses)}, timeouts {run.Timeouts:N0}, other {run.OtherErrors:N0}, " +
            $"acknowledged but not delivered {run.Missing + run.NeverPushed:N0}, duplicates {run.Duplicates:N0}, sequence clashes {run.SequenceClashes:N0}");
        if (measured.Count < 2)
        {
            Console.WriteLine("    too few RSS samples (no /proc?)");
            return;
        }
        var (low, high) = (measured.Min(s => s.Rss), measured.Max(s => s.Rss));
        var band = (double)(high - low) / low;
        Console.WriteLine($"    RSS after the {warmup.TotalMinutes:0.#} min warm-up, over {length.TotalMinutes:0.#} min: low {Mb(low)}, high {Mb(high)} MB, band {band:P1} (aim ≤ 10 %) {(band <= 0.10 ? "✓" : "✗")}; " +
            $"first {Mb(measured[0].Rss)} → last {Mb(measured[^1].Rss)} MB, mean {Mb((long)measured.Average(s => s.Rss))} MB");
        // A leak shows as a rising floor: compare the lows of the first and last thirds.
        var third = Math.Max(1, measured.Count / 3);
        Console.WriteLine($"    floor: lowest of the first third {Mb(measured.Take(third).Min(s => s.Rss))}, of the last third {Mb(measured.TakeLast(third).Min(s => s.Rss))} MB; " +
            $"anonymous (heap) {Mb(measured.Min(s => s.Anonymous))}–{Mb(measured.Max(s => s.Anonymous))}, file-backed {Mb(measured.Min(s => s.File))}–{Mb(measured.Max(s => s.File))} MB");
        Console.WriteLine($"    RSS at start {Mb(samples[0].Rss)} MB; samples every 30 s (MB): {string.Join(' ', samples.Where((_, i) => i % 6 == 0).Select(s => Mb(s.Rss)))}");
        if (counters is not null) Console.WriteLine(counters.Summary(warmup, warmup + length));
        await Settle(service, true, ct);
    }

    /// <summary>The service's resident memory from /proc/&lt;pid&gt;/status: all of it, its anonymous part (GC heaps, native
    /// allocations: SQLite's page cache, pooled buffers) and the part backed by files (mapped assemblies, the database).</summary>
    sealed record MemorySample(TimeSpan At, long Rss, long Anonymous, long File)
    {
        public static MemorySample? Of(int pid, TimeSpan at)
        {
            var path = $"/proc/{pid}/status";
            if (!System.IO.File.Exists(path)) return null;
            var kb = System.IO.File.ReadLines(path).Select(l => l.Split(':', 2)).Where(p => p.Length == 2 && p[0] is "VmRSS" or "RssAnon" or "RssFile")
                .ToDictionary(p => p[0], p => long.Parse(p[1].Trim().Split(' ')[0], CultureInfo.InvariantCulture) * 1024);
            return kb.TryGetValue("VmRSS", out var rss) ? new(at, rss, kb.GetValueOrDefault("RssAnon"), kb.GetValueOrDefault("RssFile")) : null;
        }
    }

    static async Task Settle(ServiceProcess service, bool ours, CancellationToken ct)
    {
        if (ours) await service.SettleAsync(TimeSpan.FromSeconds(20), ct);
        else await Task.Delay(500, ct);
    }
}
