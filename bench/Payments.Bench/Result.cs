using System.Globalization;
using System.Numerics;

namespace OpenChat.Chain.Payments.Bench;

/// <summary>The run's figures and the checks on the money, printed as one table.</summary>
sealed record Result(
    int Members, BigInteger Total, string Split, double AllShownSeconds, double LastMinedSeconds, double LastAnsweredSeconds,
    IReadOnlyList<double> PostMs, IReadOnlyList<double> ShownMs, int Retries, IReadOnlyList<string> Statuses,
    string PayloadState, int PayloadClaims, int PayloadDistinct, int PayloadOutsiders, BigInteger PayloadSum,
    BigInteger ChainSum, int ChainHolders, int EventClaims, int EventDistinct, BigInteger EventSum,
    double GasPerClaim, BigInteger SmallestShare, BigInteger LargestShare, IReadOnlyList<int> ClaimsPerBlock, CpuShare Cpu, double LimitSeconds)
{
    const double AimSeconds = 60;

    public bool Verified => PayloadClaims == Members && PayloadDistinct == Members && PayloadOutsiders == 0 && PayloadSum == Total
        && ChainSum == Total && ChainHolders == Members && EventClaims == Members && EventDistinct == Members && EventSum == Total;

    public void Print()
    {
        static string Ms(double v) => double.IsNaN(v) ? "-" : v.ToString("N0", CultureInfo.InvariantCulture);
        static string Mark(bool ok) => ok ? "✓" : "✗";
        var complete = PayloadClaims == Members;
        Console.WriteLine();
        Console.WriteLine($"== Red envelope: {Coins(Total)} CHAT in {Members:N0} {Split} shares, {Members:N0} members open it at once (same instant, through the API)");
        Console.WriteLine("    measure                                                   value");
        Row("all claims confirmed in the envelope's message (s)", complete ? $"{AllShownSeconds:0.0}" : $"not within {LimitSeconds:N0} s ({PayloadClaims:N0} shown)");
        Row("last claim mined, block seen by the bench (s)", $"{LastMinedSeconds:0.0}");
        Row("claims/s (confirmed in the message)", complete ? $"{Members / AllShownSeconds:N1}" : "-");
        Row("claims/s (mined)", $"{EventClaims / LastMinedSeconds:N1}");
        Row("POST .../open (with retries): p50 / p99 / last answered", $"{Ms(Quantiles.Of(PostMs, .5))} ms / {Ms(Quantiles.Of(PostMs, .99))} ms / {LastAnsweredSeconds:0.0} s");
        Row("POST .../open final statuses; 503s retried after Retry-After", $"{string.Join(", ", Statuses)}; {Retries:N0} retries");
        Row("each claim: POST → shown confirmed, p50 / p99 / max", $"{Ms(Quantiles.Of(ShownMs, .5))} / {Ms(Quantiles.Of(ShownMs, .99))} / {Ms(ShownMs.DefaultIfEmpty(double.NaN).Max())} ms");
        Row("gas per claim (relayed forwarder.execute → claim)", $"{GasPerClaim:N0}");
        Row("blocks with claims; claims per block", $"{ClaimsPerBlock.Count}; {string.Join(" ", ClaimsPerBlock)}");
        Row("CPU during the claims", Cpu.ToString());
        Console.WriteLine();
        Console.WriteLine("    check                                                     result");
        Row($"message: state \"empty\", {Members:N0} claims, {Members:N0} distinct members", $"\"{PayloadState}\", {PayloadClaims:N0}, {PayloadDistinct:N0}{(PayloadOutsiders > 0 ? $", {PayloadOutsiders} not members" : "")} {Mark(PayloadState == "empty" && PayloadClaims == Members && PayloadDistinct == Members && PayloadOutsiders == 0)}");
        Row("message: sum of claims == total", $"{Coins(PayloadSum)} {Mark(PayloadSum == Total)}");
        Row("chain: sum of the members' balances == total", $"{Coins(ChainSum)} {Mark(ChainSum == Total)}");
        Row($"chain: {Members:N0} distinct claimers holding coins", $"{ChainHolders:N0} {Mark(ChainHolders == Members)}");
        Row("chain: EnvelopeClaimed events, distinct claimers, sum", $"{EventClaims:N0}, {EventDistinct:N0}, {Coins(EventSum)} {Mark(EventClaims == Members && EventDistinct == Members && EventSum == Total)}");
        Row("shares: smallest / largest", $"{Coins(SmallestShare)} / {Coins(LargestShare)}");
        Console.WriteLine();
        Console.WriteLine($"== Aim: every claim confirmed within {AimSeconds:N0} s: {(complete ? $"{AllShownSeconds:0.0} s" : "not all")} {Mark(complete && AllShownSeconds <= AimSeconds)}; " +
            $"money checks {Mark(Verified)}");
    }

    static void Row(string name, string value) => Console.WriteLine($"    {name,-57} {value}");

    static string Coins(BigInteger units)
    {
        var whole = BigInteger.DivRem(units, BigInteger.Pow(10, 18), out var rest);
        return rest.IsZero ? whole.ToString(CultureInfo.InvariantCulture)
            : $"{whole}.{rest.ToString(CultureInfo.InvariantCulture).PadLeft(18, '0').TrimEnd('0')}";
    }
}
