using System.Globalization;

namespace OpenChat.Chain.Messaging.Bench;

/// <summary>
/// Finds the sustained rate by itself: short open-loop runs at rising rates until one fails the pass rule (no
/// loss, no backlog, push p99 &lt; 100 ms); a failure is run once more (a shared machine has bad seconds), and
/// the second failure ends the ramp. The sustained rate is the last one that passed.
/// </summary>
static class Ramp
{
    public const double P99LimitMs = 100;

    public sealed record Outcome(string Target, string Shape, Transport Transport, RunResult? Sustained, RunResult? Failed);

    /// <summary>No errors or losses, every message offered was accepted, every push arrived, p99 under the limit.</summary>
    public static bool Passes(RunResult r) =>
        r.Errors == 0 && r.NeverPushed == 0 && r.SentPerSecond >= 0.98 * r.OfferedPerSecond && r.Push.P99 < P99LimitMs;

    public static async Task<Outcome> FindAsync(Target target, string shape, Func<double, Scenario> scenarioAt, Transport transport,
        double from, double factor, double upTo, RunSettings settings, Func<Task> settle, CancellationToken ct)
    {
        RunResult? sustained = null, failed = null;
        var failures = 0;
        for (var rate = from; rate <= upTo && failures < 2;)
        {
            var run = await LoadRun.ExecuteAsync(target, scenarioAt(rate), settings, ct, transport, quiet: true);
            var passed = Passes(run);
            Console.WriteLine($"    {target.Name,-8} {transport,-4} {shape,-7} offered {rate,8:N0}/s: sent {run.SentPerSecond,8:N0}/s  delivered {run.DeliveredPerSecond,9:N0}/s" +
                $"  push p50 {Ms(run.Push.P50),6} p99 {Ms(run.Push.P99),6} ms  errors {run.Errors,6:N0}  CPU {Cpu(run)}  load {run.LoadAverage}  {(passed ? "pass" : "FAIL " + Why(run))}");
            if (run.Late is not null) Console.WriteLine($"        {run.Late}");
            await settle();
            if (passed)
            {
                sustained = run;
                failures = 0;
                rate *= factor;
            }
            else
            {
                failed = run;
                failures++;
            }
        }
        return new Outcome(target.Name, shape, transport, sustained, failed);
    }

    public static string Why(RunResult r)
    {
        var reasons = new List<string>();
        if (r.Push.P99 >= P99LimitMs || double.IsNaN(r.Push.P99)) reasons.Add("p99");
        if (r.SentPerSecond < 0.98 * r.OfferedPerSecond) reasons.Add("backlog");
        if (r.Errors > 0 || r.NeverPushed > 0) reasons.Add($"errors ({r.Statuses}{(r.Timeouts > 0 ? $" {r.Timeouts} timeouts" : "")}{(r.Missing > 0 ? $" {r.Missing} missing" : "")})");
        return string.Join(", ", reasons);
    }

    public static string Cpu(RunResult r) => r.CpuMicrosPerMessage is { } us
        ? $"{(r.ServerCpuPercent is null ? "bench" : "server")} {(r.ServerCpuPercent ?? r.BenchCpuPercent),4:N0}% = {us,5:N0} µs/msg"
        : "-";

    public static string Ms(double v) => double.IsNaN(v) ? "-" : v.ToString(v < 10 ? "0.00" : v < 100 ? "0.0" : "0", CultureInfo.InvariantCulture);

    /// <summary>The table of sustained rates: each shape and transport, ours next to the baseline, with the ratio.</summary>
    public static void Summary(IReadOnlyList<Outcome> outcomes)
    {
        Console.WriteLine();
        Console.WriteLine($"== Sustained rates (pass: no loss, no backlog, push p99 < {P99LimitMs:N0} ms); ratio = ours / baseline; CPU per message: " +
            "the service's process for ours, the whole bench process (clients included) for the in-process baseline");
        Console.WriteLine("    shape    transport │ ours sent/s  delivered/s  p99 ms  µs/msg │ baseline sent/s  delivered/s  p99 ms  µs/msg │ ratio");
        foreach (var group in outcomes.GroupBy(o => (o.Shape, o.Transport)))
        {
            var ours = group.FirstOrDefault(o => o.Target == "ours")?.Sustained;
            var bare = group.FirstOrDefault(o => o.Target == "baseline")?.Sustained;
            Console.WriteLine($"    {group.Key.Shape,-8} {group.Key.Transport,-9} │ {Rate(ours),11} {Delivered(ours),12} {P99(ours),7} {Us(ours),7}" +
                $" │ {Rate(bare),15} {Delivered(bare),12} {P99(bare),7} {Us(bare),7} │ {(ours is null || bare is null ? "-" : (ours.SentPerSecond / bare.SentPerSecond).ToString("0.00", CultureInfo.InvariantCulture) + "×")}");
        }
        static string Rate(RunResult? r) => r is null ? "none" : r.OfferedPerSecond.ToString("N0", CultureInfo.InvariantCulture);
        static string Delivered(RunResult? r) => r is null ? "-" : r.DeliveredPerSecond.ToString("N0", CultureInfo.InvariantCulture);
        static string P99(RunResult? r) => r is null ? "-" : Ms(r.Push.P99);
        static string Us(RunResult? r) => r?.CpuMicrosPerMessage is { } us ? us.ToString("N0", CultureInfo.InvariantCulture) : "-";
    }
}
