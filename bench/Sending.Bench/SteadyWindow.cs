namespace OpenChat.Chain.Sending.Bench;

/// <summary>
/// A phase's rate once it is under way, free of block-time quantisation at its ends: the transfers mined in the blocks
/// strictly between the phase's first and last block, over the time between the bench seeing the first block and seeing
/// the last of those interior blocks. The first block holds whatever was sent before it was cut (a fraction of a block
/// time), the last one the tail: counting either one measures when the phase started or ended within a block, not
/// throughput. Fill is the interior blocks' gas used over their gas limit (others' transactions included).
/// </summary>
sealed record SteadyWindow(int Blocks, int Transfers, double Seconds, double Fill, int FirstBlockTransfers, int LastBlockTransfers)
{
    /// <summary>At least this many interior blocks make a window worth a rate; fewer print "-".</summary>
    public const int MinimumBlocks = 3;

    public double PerSecond => Blocks >= MinimumBlocks && Seconds > 0 ? Transfers / Seconds : double.NaN;

    /// <param name="perBlock">Transfers of the phase by block number.</param>
    public static SteadyWindow Of(IReadOnlyDictionary<long, int> perBlock, IReadOnlyList<SeenBlock> seen)
    {
        if (perBlock.Count == 0) return new SteadyWindow(0, 0, 0, double.NaN, 0, 0);
        var (first, last) = (perBlock.Keys.Min(), perBlock.Keys.Max());
        var interior = seen.Where(b => b.Number > first && b.Number < last).ToList();
        var start = seen.FirstOrDefault(b => b.Number == first);
        var end = interior.MaxBy(b => b.Number);
        var seconds = start is null || end is null ? 0 : System.Diagnostics.Stopwatch.GetElapsedTime(start.SeenAt, end.SeenAt).TotalSeconds;
        return new SteadyWindow(interior.Count, interior.Sum(b => perBlock.GetValueOrDefault(b.Number)), seconds,
            interior.Count == 0 ? double.NaN : interior.Average(b => (double)b.GasUsed / b.GasLimit),
            perBlock[first], first == last ? 0 : perBlock[last]);
    }
}
