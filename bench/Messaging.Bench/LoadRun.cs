using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;

namespace OpenChat.Chain.Messaging.Bench;

sealed record RunSettings(TimeSpan Warmup, TimeSpan Duration, TimeSpan Drain)
{
    /// <summary>
    /// Hub senders do what the refusal asks: a device told "messaging.busy; retry-after=N" sends nothing for N seconds
    /// (the messages due meanwhile are counted as held by the client, not offered), as the web client does. Off, the
    /// load ignores refusals, as an attacker or a broken client would.
    /// </summary>
    public bool HonourRetryAfter { get; init; }

    /// <summary>When pushes are still owed after the drain: how much longer to watch for them (late or lost; see <see cref="RunResult.Late"/>).</summary>
    public TimeSpan LateWatch { get; init; } = TimeSpan.FromSeconds(30);
}

/// <summary>How messages go in: REST POSTs, or the hub's Send method on the sender's own connection.</summary>
enum Transport { Rest, Hub }

/// <summary>A system under test as the load sees it: where it listens, and (for a child process) its CPU time.</summary>
sealed record Target(string Name, Uri BaseUrl, HttpClient Http, Func<TimeSpan>? ServerCpu)
{
    /// <summary>Several instances of the service (--cluster): each user's device and REST sends go to the instance
    /// <see cref="InstanceOf"/> names; otherwise everything goes to <see cref="BaseUrl"/>.</summary>
    public IReadOnlyList<(Uri BaseUrl, HttpClient Http)> Instances { get; init; } = [];

    public Func<BenchUser, int>? InstanceOf { get; init; }

    /// <summary>CPU time of the servers the service stores in and talks through (PostgreSQL, Redis), if measured.</summary>
    public Func<TimeSpan>? BackingCpu { get; init; }

    public (Uri BaseUrl, HttpClient Http) For(BenchUser user) => InstanceOf is null ? (BaseUrl, Http) : Instances[InstanceOf(user)];
}

/// <summary>
/// Rates are per second of the measured window; latencies are of the messages due in it (deliveries that came
/// in by the end of the drain), from the moment each message was due to its arrival at each recipient device.
/// </summary>
sealed record RunResult(
    string Target, Scenario Scenario, double SentPerSecond, double DeliveredPerSecond, Percentiles Push, Percentiles Post,
    int Non2xx, string Statuses, long Timeouts, long OtherErrors, string? FirstError, long Missing, long NeverPushed, long Duplicates,
    long SequenceClashes, long OutOfOrder, long Echoes, long Unknown, double? ServerCpuPercent, double BenchCpuPercent, double? OthersCpuPercent)
{
    public Transport Transport { get; init; }
    public string LoadAverage { get; init; } = "";
    /// <summary>Messages a device kept back because the service had asked it to wait (<see cref="RunSettings.HonourRetryAfter"/>).</summary>
    public long HeldByClient { get; init; }

    /// <summary>PostgreSQL's and Redis's CPU over the window, in % of one core, when the target measures them.</summary>
    public double? BackingCpuPercent { get; init; }

    /// <summary>When deliveries were missing at the drain's end: which came late (and how late) and which never came.</summary>
    public string? Late { get; init; }

    /// <summary>PostgreSQL's and Redis's CPU µs per message accepted, when measured.</summary>
    public double? BackingMicrosPerMessage => SentPerSecond > 0 && BackingCpuPercent is { } p ? p / 100 * 1e6 / SentPerSecond : null;

    /// <summary>How long refused sends (non-2xx, hub errors) took to be answered, from their due time.</summary>
    public Percentiles Refused { get; init; } = Percentiles.Of([], 0);

    /// <summary>Hub refusals timed from the moment the client's send call began instead of the due time (the client's own lateness left out).</summary>
    public Percentiles RefusedFromSend { get; init; } = Percentiles.Of([], 0);

    /// <summary>Hub sends: how late after its due time each send call began (the bench's clients starved of CPU, not the service).</summary>
    public Percentiles SendsLeftLate { get; init; } = Percentiles.Of([], 0);

    /// <summary>Accepted pushes' latency split where the service's writer took the message (its CreatedAt).</summary>
    public (Percentiles UntilTaken, Percentiles AfterTaken) PushSplit { get; init; } = (Percentiles.Of([], 0), Percentiles.Of([], 0));

    /// <summary>CPU µs of the server per message offered to it and answered (accepted or refused).</summary>
    public double? CpuMicrosPerAnswered => SentPerSecond + RefusedPerSecond > 0 && ServerCpuPercent is { } cpu ? cpu / 100 * 1e6 / (SentPerSecond + RefusedPerSecond) : null;

    /// <summary>Refusals answered in the measured window, per second.</summary>
    public double RefusedPerSecond { get; init; }
    public double OfferedPerSecond => Scenario.SentPerSecond;

    /// <summary>CPU µs of the server (or, for the in-process baseline, of the whole bench) per message accepted.</summary>
    public double? CpuMicrosPerMessage => SentPerSecond > 0 ? (ServerCpuPercent ?? BenchCpuPercent) / 100 * 1e6 / SentPerSecond : null;

    public long Errors => Non2xx + Timeouts + OtherErrors + Missing + Duplicates + SequenceClashes;
}

/// <summary>
/// Open loop: message i is due at start + i / rate whatever happened to earlier ones, so a slow server makes
/// latency grow instead of quietly lowering the load (no coordinated omission). Sends are REST POSTs; the
/// clock is one Stopwatch in this process, shared by the senders and the devices.
/// </summary>
static class LoadRun
{
    // About the size of a chat line.
    internal const string Text = "Load test message: the quick brown fox jumps over the lazy dog. 0123456789";

    public static async Task<RunResult> ExecuteAsync(Target target, Scenario scenario, RunSettings settings, CancellationToken ct,
        Transport transport = Transport.Rest, bool quiet = false)
    {
        var loadAverage = LoadAverage();
        var total = (int)Math.Round(scenario.SentPerSecond * (settings.Warmup + settings.Duration).TotalSeconds);
        var firstMeasured = (int)Math.Round(scenario.SentPerSecond * settings.Warmup.TotalSeconds);
        var probe = new Probe(scenario, total, firstMeasured);

        var devices = scenario.Devices.Select(u => new Device(u, probe)).ToList();
        try
        {
            await Parallel.ForEachAsync(devices, new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = ct },
                async (device, token) => await device.ConnectAsync(target.For(device.User).BaseUrl, token));

            var frequency = Stopwatch.Frequency;
            var start = Stopwatch.GetTimestamp() + frequency / 10;
            for (var i = 0; i < total; i++) probe.Scheduled[i] = start + (long)(i * frequency / scenario.SentPerSecond);
            var windowStart = start + (long)(settings.Warmup.TotalSeconds * frequency);
            var windowEnd = windowStart + (long)(settings.Duration.TotalSeconds * frequency);
            probe.SetWindow(windowStart, windowEnd);

            using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
            var progress = quiet ? Task.CompletedTask : ShowProgress(target, scenario, probe, start, stop.Token);
            var senders = devices.ToDictionary(d => d.User.Id);
            var cpu = MeasureCpu(target, windowStart, windowEnd, ct);

            var sends = new Task[total];
            var next = 0;
            while (next < total)
            {
                var now = Stopwatch.GetTimestamp();
                while (next < total && probe.Scheduled[next] <= now)
                {
                    sends[next] = transport == Transport.Hub ? SendOverHubAsync(senders, probe, next, settings.HonourRetryAfter, ct) : SendAsync(target, probe, next, ct);
                    next++;
                }
                Interlocked.Exchange(ref probe.Fired, next);
                await Task.Delay(1, ct);
            }
            await Task.WhenAll(sends);

            // Drain: pushes still on their way count, up to a limit; what has not come by then is missing.
            var drainEnd = Stopwatch.GetTimestamp() + (long)(settings.Drain.TotalSeconds * frequency);
            while (probe.Missing() > 0 && Stopwatch.GetTimestamp() < drainEnd) await Task.Delay(20, ct);
            var missing = probe.Missing();
            var late = missing > 0 && settings.LateWatch > TimeSpan.Zero ? await WatchLateAsync(target, probe, settings.LateWatch, ct) : null;
            var (serverCpu, benchCpu, othersCpu, backingCpu) = await cpu;
            await stop.CancelAsync();
            await progress;

            var seconds = settings.Duration.TotalSeconds;
            return new RunResult(target.Name, scenario, probe.PostedInWindow / seconds, probe.DeliveriesInWindow / seconds,
                probe.PushLatency(), probe.PostLatency(), probe.Non2xx(), probe.Statuses(), probe.Timeouts, probe.OtherErrors,
                probe.FirstError, missing, probe.NeverPushed(), probe.Duplicates, probe.SequenceClashes(),
                probe.OutOfOrder, probe.Echoes, probe.Unknown, serverCpu, benchCpu, othersCpu)
                { Transport = transport, LoadAverage = loadAverage, Refused = probe.RefusedLatency(), RefusedFromSend = probe.RefusedRoundTrip(), RefusedPerSecond = probe.RefusedInWindow / seconds, SendsLeftLate = probe.LeftLate(), PushSplit = probe.TakenSplit(), HeldByClient = Interlocked.Read(ref probe.HeldByClient), BackingCpuPercent = backingCpu, Late = late };
        }
        finally
        {
            await Task.WhenAll(devices.Select(d => d.DisposeAsync().AsTask()));
        }
    }

    static async Task SendAsync(Target target, Probe probe, int i, CancellationToken ct)
    {
        // Off the scheduler's thread: a slow connect must not delay the messages due after this one.
        await Task.Yield();
        var lane = probe.LaneOf(i);
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, $"api/chats/{lane.ChatId}/messages")
            {
                Content = JsonContent.Create(probe.BodyOf(i, Text)),
            };
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", lane.Sender.Token);
            using var response = await target.For(lane.Sender).Http.SendAsync(request, ct);
            probe.Posted(i, (int)response.StatusCode, Stopwatch.GetTimestamp());
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !ct.IsCancellationRequested)
        {
            probe.Failed(i, e);
        }
    }

    static async Task SendOverHubAsync(Dictionary<Guid, Device> senders, Probe probe, int i, bool honourRetryAfter, CancellationToken ct)
    {
        await Task.Yield();
        var lane = probe.LaneOf(i);
        var sender = senders[lane.Sender.Id];
        if (honourRetryAfter && Stopwatch.GetTimestamp() < Volatile.Read(ref sender.HoldUntil))
        {
            Interlocked.Increment(ref probe.HeldByClient);
            return;
        }
        var leftAt = Stopwatch.GetTimestamp();
        probe.Left(i, leftAt);
        try
        {
            var status = await sender.SendAsync(lane.ChatId, probe.BodyOf(i, Text), ct);
            var answered = Stopwatch.GetTimestamp();
            if (status is < 200 or >= 300) probe.RefusedAfterLeaving(i, leftAt, answered);
            probe.Posted(i, status, answered);
        }
        catch (Exception e) when (!ct.IsCancellationRequested)
        {
            probe.Failed(i, e);
        }
    }

    /// <summary>
    /// After the drain: the messages still owed a delivery are watched for <paramref name="watch"/> more, to tell a late
    /// push (counted missing all the same) from a lost one. Says how late each came after the drain's end and after it
    /// was due, and names the ones that never came (client message id, chat, sender, recipient and its instance).
    /// </summary>
    static async Task<string> WatchLateAsync(Target target, Probe probe, TimeSpan watch, CancellationToken ct)
    {
        var drained = Stopwatch.GetTimestamp();
        var owed = probe.MissingMessages();
        var end = drained + (long)(watch.TotalSeconds * Stopwatch.Frequency);
        while (owed.Any(i => !probe.Arrival(i).Complete) && Stopwatch.GetTimestamp() < end) await Task.Delay(20, ct);
        double Seconds(long ticks) => (double)ticks / Stopwatch.Frequency;
        var came = owed.Where(i => probe.Arrival(i).Complete).Select(i => (AfterDrain: Seconds(probe.Arrival(i).At - drained), AfterDue: Seconds(probe.Arrival(i).At - probe.Scheduled[i]))).ToList();
        var never = owed.Where(i => !probe.Arrival(i).Complete).ToList();
        var text = $"{owed.Count} messages owed a push at the drain's end: {came.Count} came later" +
            (came.Count == 0 ? "" : $" ({came.Min(c => c.AfterDrain):0.00}–{came.Max(c => c.AfterDrain):0.00} s after the drain, {came.Min(c => c.AfterDue):0.0}–{came.Max(c => c.AfterDue):0.0} s after due)") +
            $", {never.Count} not within {watch.TotalSeconds:0} s more";
        foreach (var i in never.Take(10))
        {
            var lane = probe.LaneOf(i);
            text += $"\n        never: client id {probe.ClientIds[i]} (message {i}, due {Seconds(probe.Scheduled[i] - probe.Scheduled[0]):0.000} s) chat {lane.ChatId} from {lane.Sender.Id}" +
                $" (instance {target.Instances.ToList().FindIndex(x => x == target.For(lane.Sender))}) to " +
                string.Join(", ", lane.Recipients.Select(r => $"{r.Id} (instance {target.Instances.ToList().FindIndex(x => x == target.For(r))})"));
        }
        return text;
    }

    /// <summary>The 1, 5 and 15 minute load averages from /proc/loadavg: how busy the machine was around a run.</summary>
    public static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "-";

    static async Task ShowProgress(Target target, Scenario scenario, Probe probe, long start, CancellationToken ct)
    {
        try
        {
            while (true)
            {
                await Task.Delay(TimeSpan.FromSeconds(2), ct);
                var elapsed = Stopwatch.GetElapsedTime(start);
                var fired = Interlocked.Read(ref probe.Fired);
                var ok = Interlocked.Read(ref probe.PostedOk);
                Console.WriteLine($"    {target.Name,-8} {scenario.Key,-9} t={elapsed.TotalSeconds,4:0}s  posted {ok,6:N0}/{fired,6:N0}" +
                    $"  in flight {fired - ok - probe.Non2xx() - probe.Timeouts - probe.OtherErrors - Interlocked.Read(ref probe.HeldByClient),4:N0}" +
                    $"  delivered {Interlocked.Read(ref probe.Deliveries),7:N0}");
            }
        }
        catch (OperationCanceledException)
        {
            // The run is over.
        }
    }

    /// <summary>CPU use over the measured window, in % of one core: the service, this process, and everything else.</summary>
    static async Task<(double? Server, double Bench, double? Others, double? Backing)> MeasureCpu(Target target, long windowStart, long windowEnd, CancellationToken ct)
    {
        await DelayUntil(windowStart, ct);
        var (server0, backing0, bench0, machine0, at0) = (target.ServerCpu?.Invoke(), target.BackingCpu?.Invoke(),
            Process.GetCurrentProcess().TotalProcessorTime, MachineBusy(), Stopwatch.GetTimestamp());
        await DelayUntil(windowEnd, ct);
        var (server1, backing1, bench1, machine1) =
            (target.ServerCpu?.Invoke(), target.BackingCpu?.Invoke(), Process.GetCurrentProcess().TotalProcessorTime, MachineBusy());
        var wall = Stopwatch.GetElapsedTime(at0);
        double Percent(TimeSpan busy) => busy / wall * 100;
        var server = server1 - server0;
        var backing = backing1 - backing0;
        var bench = bench1 - bench0;
        var others = machine1 - machine0 - bench - (server ?? TimeSpan.Zero) - (backing ?? TimeSpan.Zero);
        return (server is { } s ? Percent(s) : null, Percent(bench), machine0 is null ? null : Math.Max(0, Percent(others!.Value)),
            backing is { } b ? Percent(b) : null);
    }

    /// <summary>Busy time of all CPUs since boot, from /proc/stat (user, nice, system, irq, softirq, steal); null off Linux.</summary>
    static TimeSpan? MachineBusy()
    {
        if (!File.Exists("/proc/stat")) return null;
        var fields = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var ticks = fields.Skip(1).Take(8).Select(long.Parse).ToArray();
        // USER_HZ is 100 on Linux.
        return TimeSpan.FromSeconds((ticks.Sum() - ticks[3] - ticks[4]) / 100.0);
    }

    static async Task DelayUntil(long timestamp, CancellationToken ct)
    {
        var left = timestamp - Stopwatch.GetTimestamp();
        if (left > 0) await Task.Delay(TimeSpan.FromSeconds((double)left / Stopwatch.Frequency), ct);
    }
}
