using System.Globalization;
using Nethereum.RPC.Eth.DTOs;

namespace OpenChat.Chain.Governance.Bench;

/// <summary>One side of the run: 200 votes on one proposal, and what the chain and the mirror made of them.</summary>
sealed record PhaseResult(
    string Name, int Sent, int Accepted, IReadOnlyList<TimeSpan> RequestTimes, TimeSpan AllAnswered, TimeSpan? Mined, TimeSpan? Mirrored,
    int VotedOnChain, ProposalTally Tally, IReadOnlyList<TransactionReceipt> Receipts, double CalldataGas, TimeSpan ServiceCpu)
{
    public bool Complete => Mined is not null && VotedOnChain == Sent;

    public double? VotesPerSecond => Mined is { } mined ? VotedOnChain / mined.TotalSeconds : null;

    /// <summary>Gas of the transactions that carried the votes, per vote (a relay transaction might carry more than one).</summary>
    public double? GasPerVote => Receipts.Count == 0 || VotedOnChain == 0 ? null : Receipts.Sum(BenchChain.GasOf) / (double)Receipts.Count;

    /// <summary>What the transactions spent beyond the intrinsic 21,000 and their calldata, per vote.</summary>
    public double? ExecutionGasPerVote => GasPerVote - 21_000 - CalldataGas;

    public string Blocks => Receipts.Count == 0 ? "–"
        : $"{Receipts.Select(r => (long)r.BlockNumber.Value).Distinct().Count()} ({Receipts.Min(r => (long)r.BlockNumber.Value)}–{Receipts.Max(r => (long)r.BlockNumber.Value)})";
}

static class Report
{
    public static string Seconds(TimeSpan? t) => t is { } v ? $"{v.TotalSeconds:N2} s" : "not reached";

    static string Percentile(IReadOnlyList<TimeSpan> times, double p)
    {
        if (times.Count == 0) return "–";
        var sorted = times.OrderBy(t => t).ToList();
        return $"{sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)].TotalMilliseconds:N0} ms";
    }

    static string Ratio(double? ours, double? baseline) =>
        ours is { } a && baseline is { } b && b > 0 ? (a / b).ToString("0.00'×'", CultureInfo.InvariantCulture) : "–";

    public static void Table(PhaseResult ours, PhaseResult baseline)
    {
        var rows = new List<string[]>
        {
            new[] { "", ours.Name, baseline.Name, "ratio" },
            new[] { "votes sent / accepted (2xx, or sent to anvil)", $"{ours.Sent} / {ours.Accepted}", $"{baseline.Sent} / {baseline.Accepted}", "" },
            new[] { "request p50 / p99 (POST; eth_sendRawTransaction)", $"{Percentile(ours.RequestTimes, 0.5)} / {Percentile(ours.RequestTimes, 0.99)}",
                $"{Percentile(baseline.RequestTimes, 0.5)} / {Percentile(baseline.RequestTimes, 0.99)}", "" },
            new[] { "all requests answered", Seconds(ours.AllAnswered), Seconds(baseline.AllAnswered), Ratio(ours.AllAnswered.TotalSeconds, baseline.AllAnswered.TotalSeconds) },
            new[] { "all votes mined (proposalVotes)", Seconds(ours.Mined), Seconds(baseline.Mined), Ratio(ours.Mined?.TotalSeconds, baseline.Mined?.TotalSeconds) },
            new[] { "votes/s until all mined", Rate(ours.VotesPerSecond), Rate(baseline.VotesPerSecond), Ratio(ours.VotesPerSecond, baseline.VotesPerSecond) },
            new[] { "all votes in the API's mirror", Seconds(ours.Mirrored), Seconds(baseline.Mirrored), Ratio(ours.Mirrored?.TotalSeconds, baseline.Mirrored?.TotalSeconds) },
            new[] { "mirror lag after mined", Seconds(ours.Mirrored - ours.Mined), Seconds(baseline.Mirrored - baseline.Mined), "" },
            new[] { "hasVoted on the governor", $"{ours.VotedOnChain}/{ours.Sent}", $"{baseline.VotedOnChain}/{baseline.Sent}", "" },
            new[] { "For tally (CHAT)", Coins(ours.Tally.For), Coins(baseline.Tally.For), "" },
            new[] { "transactions carrying the votes", ours.Receipts.Count.ToString(CultureInfo.InvariantCulture),
                baseline.Receipts.Count.ToString(CultureInfo.InvariantCulture), "" },
            new[] { "blocks they were mined in", ours.Blocks, baseline.Blocks, "" },
            new[] { "gas per vote (receipts)", Gas(ours.GasPerVote), Gas(baseline.GasPerVote), Ratio(ours.GasPerVote, baseline.GasPerVote) },
            new[] { "  of which calldata (EIP-2028)", Gas(ours.CalldataGas), Gas(baseline.CalldataGas), Ratio(ours.CalldataGas, baseline.CalldataGas) },
            new[] { "  of which execution (gas − 21,000 − calldata)", Gas(ours.ExecutionGasPerVote), Gas(baseline.ExecutionGasPerVote),
                Ratio(ours.ExecutionGasPerVote, baseline.ExecutionGasPerVote) },
            new[] { "service CPU over the phase", $"{ours.ServiceCpu.TotalSeconds:N1} s", $"{baseline.ServiceCpu.TotalSeconds:N1} s", "" },
        };
        var widths = Enumerable.Range(0, 4).Select(c => rows.Max(r => r[c].Length)).ToArray();
        foreach (var (row, i) in rows.Select((r, i) => (r, i)))
        {
            Console.WriteLine("| " + string.Join(" | ", row.Select((cell, c) => c == 0 ? cell.PadRight(widths[c]) : cell.PadLeft(widths[c]))) + " |");
            if (i == 0) Console.WriteLine("|" + string.Join("|", widths.Select((w, c) => c == 0 ? new string('-', w + 2) : new string('-', w + 1) + ":")) + "|");
        }
        Console.WriteLine();
        Console.WriteLine("ratio = service ÷ baseline. The relayed vote is forwarder.execute(castVoteWithReason) sent by the service's one relayer; " +
            "the baseline is castVote from 200 EOAs with one transaction each, signed before the clock started.");
    }

    static string Rate(double? perSecond) => perSecond is { } r ? $"{r:N1}" : "–";

    static string Gas(double? gas) => gas is { } g ? g.ToString("N0", CultureInfo.InvariantCulture) : "–";

    static string Coins(System.Numerics.BigInteger units) => (units / BenchChain.Coin).ToString(CultureInfo.InvariantCulture);
}
