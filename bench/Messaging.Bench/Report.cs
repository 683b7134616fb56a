using System.Globalization;

namespace OpenChat.Chain.Messaging.Bench;

/// <summary>The printed figures: each scenario for the service and the baseline, and the service as a ratio of it.</summary>
static class Report
{
    const string Header =
        "    target          sent/s  delivered/s │ push p50     p95     p99     max │ POST p50     p99 │ CPU: server  bench  others";

    public static void Scenario(RunResult ours, RunResult? baseline)
    {
        Console.WriteLine();
        Console.WriteLine($"  == {ours.Scenario.Title}");
        Console.WriteLine(Header);
        Line(ours);
        if (baseline is not null)
        {
            Line(baseline);
            Console.WriteLine($"    ours/baseline  {Ratio(ours.SentPerSecond, baseline.SentPerSecond),6}  {Ratio(ours.DeliveredPerSecond, baseline.DeliveredPerSecond),11}" +
                $" │ {Ratio(ours.Push.P50, baseline.Push.P50),8} {Ratio(ours.Push.P95, baseline.Push.P95),7} {Ratio(ours.Push.P99, baseline.Push.P99),7} {Ratio(ours.Push.Max, baseline.Push.Max),7}" +
                $" │ {Ratio(ours.Post.P50, baseline.Post.P50),8} {Ratio(ours.Post.P99, baseline.Post.P99),7} │");
        }
        Errors(ours);
        if (baseline is not null) Errors(baseline);
    }

    public static void Summary(IReadOnlyList<(RunResult Ours, RunResult? Baseline)> results)
    {
        Console.WriteLine();
        Console.WriteLine("== Summary: the service (ours) against bare SignalR in this process (baseline); ratio = ours / baseline");
        Console.WriteLine("    scenario     sent/s  delivered/s  p50 ms  p99 ms  errors │ baseline deliv/s  p99 ms │ ratio deliv/s  ratio p99");
        foreach (var (ours, baseline) in results)
        {
            Console.WriteLine($"    {ours.Scenario.Key,-10} {ours.SentPerSecond,8:N0} {ours.DeliveredPerSecond,12:N0} {Ms(ours.Push.P50),7} {Ms(ours.Push.P99),7} {ours.Errors,7:N0}" +
                $" │ {(baseline is null ? "-" : baseline.DeliveredPerSecond.ToString("N0", CultureInfo.InvariantCulture)),16} {Ms(baseline?.Push.P99),7}" +
                $" │ {(baseline is null ? "-" : Ratio(ours.DeliveredPerSecond, baseline.DeliveredPerSecond)),13} {(baseline is null ? "-" : Ratio(ours.Push.P99, baseline.Push.P99)),10}");
        }
    }

    /// <summary>The issue's aim: 1,000 sent/s with p99 under 50 ms, and at least 5,000 delivered/s with p99 under 50 ms.</summary>
    public static void Aim(IReadOnlyList<(RunResult Ours, RunResult? Baseline)> results)
    {
        Console.WriteLine();
        Console.WriteLine("== Aim on this machine: 1,000 sent/s with p99 < 50 ms; ≥ 5,000 delivered/s with p99 < 50 ms; no errors");
        static string Mark(bool ok) => ok ? "✓" : "✗";
        foreach (var (ours, _) in results)
        {
            var nominal = ours.Scenario.SentPerSecond * ours.Scenario.Lanes.Average(l => l.Recipients.Count);
            Console.WriteLine($"    {ours.Scenario.Key,-10} nominal {ours.Scenario.SentPerSecond:N0} sent/s, {nominal:N0} delivered/s: " +
                $"sent {ours.SentPerSecond:N0}/s {Mark(ours.SentPerSecond >= 0.98 * ours.Scenario.SentPerSecond)}, " +
                $"delivered {ours.DeliveredPerSecond:N0}/s {Mark(ours.DeliveredPerSecond >= 0.98 * nominal)}, " +
                $"p99 {Ms(ours.Push.P99)} ms {Mark(ours.Push.P99 < 50)}, {(ours.Errors == 0 ? "no errors ✓" : $"{ours.Errors:N0} errors ✗")}");
        }
        bool Met(RunResult r) => r.Push.P99 < 50 && r.Errors == 0 && r.SentPerSecond >= 0.98 * r.Scenario.SentPerSecond;
        var thousand = results.Where(r => r.Ours.Scenario.SentPerSecond >= 1_000).ToList();
        var fiveThousand = results.Where(r => r.Ours.Scenario.SentPerSecond * r.Ours.Scenario.Lanes.Average(l => l.Recipients.Count) >= 5_000).ToList();
        Console.WriteLine($"    verdict: 1,000 sent/s with p99 < 50 ms {(thousand.Count == 0 ? "not run" : Mark(thousand.All(r => Met(r.Ours))))}; " +
            $"≥ 5,000 delivered/s with p99 < 50 ms {(fiveThousand.Count == 0 ? "not run" : Mark(fiveThousand.Any(r => Met(r.Ours) && r.Ours.DeliveredPerSecond >= 5_000)))}");
    }

    static void Line(RunResult r) => Console.WriteLine(
        $"    {r.Target,-12} {r.SentPerSecond,9:N1} {r.DeliveredPerSecond,12:N1} │ {Ms(r.Push.P50),8} {Ms(r.Push.P95),7} {Ms(r.Push.P99),7} {Ms(r.Push.Max),7}" +
        $" │ {Ms(r.Post.P50),8} {Ms(r.Post.P99),7} │ {(r.ServerCpuPercent is { } cpu ? $"{cpu:N0}%" : "in bench"),11} {r.BenchCpuPercent,5:N0}% {(r.OthersCpuPercent is { } others ? $"{others:N0}%" : "-"),6}" +
        $" ({r.Transport}, {r.CpuMicrosPerMessage:N0} µs CPU/msg)");

    static void Errors(RunResult r)
    {
        var non2xx = r.Non2xx == 0 ? "0" : $"{r.Non2xx:N0} ({r.Statuses})";
        Console.WriteLine($"    {r.Target} errors: non-2xx {non2xx}, timeouts {r.Timeouts:N0}, other {r.OtherErrors:N0}, " +
            $"missing deliveries {r.Missing:N0}{(r.NeverPushed > 0 ? $" ({r.NeverPushed:N0} messages answered 2xx but pushed to no device)" : "")}, duplicates {r.Duplicates:N0}, sequence clashes {r.SequenceClashes:N0}; " +
            $"out-of-order pushes {r.OutOfOrder:N0}; sender echoes {r.Echoes:N0} (not counted as deliveries)" +
            (r.Unknown > 0 ? $"; unknown pushes {r.Unknown:N0}" : "") + (r.FirstError is { } first ? $"; first: {first}" : "") +
            (r.Late is { } late ? $"\n    {r.Target} {late}" : ""));
    }

    static string Ms(double? ms) => ms is { } v && !double.IsNaN(v) ? v.ToString(v < 10 ? "0.00" : v < 100 ? "0.0" : "0", CultureInfo.InvariantCulture) : "-";

    static string Ratio(double ours, double baseline)
    {
        if (!(baseline > 0) || double.IsNaN(ours)) return "-";
        var ratio = ours / baseline;
        return ratio.ToString(ratio < 10 ? "0.00" : ratio < 100 ? "0.0" : "N0", CultureInfo.InvariantCulture) + "×";
    }
}
