using System.Globalization;

namespace OpenChat.Chain.Sending.Bench;

/// <summary>The printed figures: both paths side by side, ours as a ratio of the baseline, and where our time went.</summary>
static class Report
{
    const double Aim = 0.8;

    public static void Print(Options options, FloodResult baseline, IReadOnlyList<OursRound> rounds)
    {
        static string P(IReadOnlyList<double> ms, double q) => Ms(Quantiles.Of(ms, q));

        Console.WriteLine();
        Console.WriteLine($"== Sending: {options.Transfers:N0} ChatCoin transfers each way, same anvil (1 s blocks, 30M gas), same run");
        Console.WriteLine("    path                          transfers/s   done     wall s │ to mined p50    p99 │ to confirmed p50    p99 │ gas/transfer  blocks │ CPU");
        Console.WriteLine($"    baseline: raw flood          {baseline.PerSecond,11:N1} {baseline.Count,6:N0} {baseline.Seconds,10:0.0} │ {P(baseline.LatenciesMs, .5),12} {P(baseline.LatenciesMs, .99),6}" +
            $" │ {"(= mined)",16} {"",6} │ {baseline.GasPerTransfer,12:N0} {baseline.Blocks,7} │ {baseline.Cpu}");
        foreach (var (name, ours, _) in rounds)
        {
            Console.WriteLine($"    ours, {name,-22} {ours.PerSecond,11:N1} {ours.Confirmed,6:N0} {ours.Seconds,10:0.0} │ {P(ours.MinedMs, .5),12} {P(ours.MinedMs, .99),6}" +
                $" │ {P(ours.ConfirmedMs, .5),16} {P(ours.ConfirmedMs, .99),6} │ {ours.GasPerTransfer,12:N0} {ours.Blocks,7} │ {ours.Cpu}");
            Console.WriteLine($"      / baseline                 {Ratio(ours.PerSecond / baseline.PerSecond),11}                   │ {"",12} {"",6} │ {"",16} {"",6} │ {Ratio(ours.GasPerTransfer / baseline.GasPerTransfer),12}");
        }
        Console.WriteLine();
        Console.WriteLine($"    baseline: all {baseline.Count:N0} sent in {baseline.SubmitSeconds:0.0} s; latency = block seen − its send; " +
            $"errors: {baseline.SendErrors} refused, {baseline.Reverted} reverted{(baseline.TimedOut ? ", TIMED OUT" : "")}{(baseline.FirstError is { } b ? $"; first: {b}" : "")}");
        foreach (var (name, ours, profile) in rounds)
        {
            Console.WriteLine($"    ours, {name}: all POSTs answered in {ours.SubmitSeconds:0.0} s (POST p50 {P(ours.PostMs, .5)} ms, p99 {P(ours.PostMs, .99)} ms); " +
                $"last mined at {ours.MinedSeconds:0.0} s ({ours.Confirmed / ours.MinedSeconds:N1}/s by chain), last Confirmed at {ours.Seconds:0.0} s; " +
                $"{ours.Polls:N0} status GETs; errors: {ours.PostErrors} POSTs, {ours.Failed} failed{(ours.TimedOut ? ", TIMED OUT" : "")}" +
                (ours.FirstError is { } o ? $"; first: {o}" : ""));
            // CPU time, not wall time: on a shared machine it is the figure that does not depend on the others' load.
            Console.WriteLine($"      service CPU from the first POST to the last answer: {ours.SubmitCpu.TotalSeconds:0.00} s = {ours.CpuMsPerPost:0.0} ms per POST " +
                "(the broadcaster's passes meanwhile included)");
            Console.WriteLine();
            Console.WriteLine($"== Where ours ({name}) spent its time (outbox timestamps in SQLite, {profile.Rows:N0} rows; block seen = by this bench)");
            Console.WriteLine("    stage                                   p50 ms    p99 ms     max ms");
            Stage("queued: requested → signed", profile.QueuedMs);
            Stage("to the node: signed → broadcast", profile.SendMs);
            Stage("on chain: broadcast → block seen", profile.ChainMs);
            Stage("receipt: block seen → Confirmed", profile.ReceiptMs);
            Console.WriteLine($"    signing passes {profile.SigningPasses:N0} ({profile.SignedPerPass:0.0} signed per pass, at most {profile.MaxPerPass}); " +
                $"broadcast rounds {profile.BroadcastRounds:N0}; first signature {profile.FirstSignedAfterMs:N0} ms after the first request");
            Console.WriteLine($"    ours per block: {string.Join(" ", profile.PerBlock.Select(b => b.Ours))}");
            var full = ours.SeenBlocks.Where(b => b.Transactions > 0).ToList();
            if (full.Count > 0)
            {
                Console.WriteLine($"    blocks of ours: gas used {full.Average(b => (double)b.GasUsed / b.GasLimit):P0} of the limit on average, " +
                    $"base fee {(double)full.Min(b => b.BaseFee) / 1e9:0.###}–{(double)full.Max(b => b.BaseFee) / 1e9:0.###} gwei");
                // With both paths gas-bound, a block holds gasLimit / gas-per-transfer of each: the best ratio the chain allows.
                var limit = (double)full[0].GasLimit;
                Console.WriteLine($"    chain ceiling at {limit / 1e6:0.#}M gas per 1 s block: raw {limit / baseline.GasPerTransfer:N0}/s, ours {limit / ours.GasPerTransfer:N0}/s " +
                    $"→ at best {Ratio(baseline.GasPerTransfer / ours.GasPerTransfer)} with full blocks");
            }
            Console.WriteLine();
        }
        // Whole phases measure where their ends fell within a block as much as throughput when a phase spans few blocks
        // (500 raw transfers fit one); the steady window leaves the first and last block out (SteadyWindow.cs).
        Console.WriteLine($"== Steady window: the blocks strictly between each phase's first and last block (at least {SteadyWindow.MinimumBlocks} for a rate)");
        Console.WriteLine("    path                          transfers/s  interior blocks  transfers   seconds   fill │ first block  last block");
        SteadyRow("baseline: raw flood", baseline.Steady);
        foreach (var (name, ours, _) in rounds)
        {
            SteadyRow($"ours, {name}", ours.Steady);
            Console.WriteLine($"      / baseline                 {Ratio(ours.Steady.PerSecond / baseline.Steady.PerSecond),11}");
        }
        Console.WriteLine();
        foreach (var (name, ours, _) in rounds)
        {
            var ratio = ours.PerSecond / baseline.PerSecond;
            var steady = ours.Steady.PerSecond / baseline.Steady.PerSecond;
            Console.WriteLine($"== Aim: ours ({name}) ≥ {Aim:0.0}× the raw flood's transfers/s: whole phase {Ratio(ratio)} {(ratio >= Aim ? "✓" : "✗")}, " +
                $"steady window {Ratio(steady)} {(steady >= Aim ? "✓" : double.IsNaN(steady) ? "(too few blocks: raise --transfers)" : "✗")}");
        }
        Console.WriteLine($"   load average now: {LoadAverage.Read()} (before the run: printed at the top)");
    }

    static void SteadyRow(string name, SteadyWindow w) =>
        Console.WriteLine($"    {name,-29} {(double.IsNaN(w.PerSecond) ? "-" : w.PerSecond.ToString("N1", CultureInfo.InvariantCulture)),11} {w.Blocks,16} {w.Transfers,10:N0} {w.Seconds,9:0.0} " +
            $"{(double.IsNaN(w.Fill) ? "-" : w.Fill.ToString("P0", CultureInfo.InvariantCulture)),6} │ {w.FirstBlockTransfers,11:N0} {w.LastBlockTransfers,11:N0}");

    static void Stage(string name, IReadOnlyList<double> ms) =>
        Console.WriteLine($"    {name,-38} {Ms(Quantiles.Of(ms, .5)),7} {Ms(Quantiles.Of(ms, .99)),9} {Ms(ms.DefaultIfEmpty(double.NaN).Max()),10}");

    static string Ms(double ms) => double.IsNaN(ms) ? "-" : ms.ToString("N0", CultureInfo.InvariantCulture);

    static string Ratio(double ratio) => double.IsNaN(ratio) ? "-" : ratio.ToString("0.00", CultureInfo.InvariantCulture) + "×";
}
