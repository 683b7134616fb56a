using System.Diagnostics;
using System.Text.Json;

namespace OpenChat.Chain.Bench.Support;

/// <summary>One mined block as the bench saw it: when it first showed up, how full it was.</summary>
public sealed record SeenBlock(long Number, long SeenAt, int Transactions, long GasUsed, long GasLimit, System.Numerics.BigInteger BaseFee);

/// <summary>
/// Follows the chain head (eth_blockNumber every 50 ms) and hands every receipt of every new block to the caller,
/// stamped with the moment the bench first saw its block: one eth_getBlockReceipts per block, however many
/// transactions are watched.
/// </summary>
public sealed class ChainWatcher(Rpc rpc)
{
    public List<SeenBlock> Blocks { get; } = [];

    /// <summary>Receipts of blocks above <paramref name="afterBlock"/> until <paramref name="done"/> says so or time runs out.</summary>
    /// <returns>True when done, false on time-out.</returns>
    public async Task<bool> WatchAsync(long afterBlock, Action<JsonElement, long, long> onReceipt, Func<bool> done, TimeSpan limit, CancellationToken ct)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(limit.TotalSeconds * Stopwatch.Frequency);
        var last = afterBlock;
        while (!done())
        {
            if (Stopwatch.GetTimestamp() > deadline) return false;
            var head = await rpc.BlockNumberAsync(ct);
            for (var n = last + 1; n <= head; n++)
            {
                var seenAt = Stopwatch.GetTimestamp();
                var receipts = await rpc.BlockReceiptsAsync(n, ct);
                var block = await rpc.BlockAsync(n, ct);
                Blocks.Add(new SeenBlock(n, seenAt, receipts.GetArrayLength(), (long)Rpc.Quantity(block.GetProperty("gasUsed")),
                    (long)Rpc.Quantity(block.GetProperty("gasLimit")), Rpc.Quantity(block.GetProperty("baseFeePerGas"))));
                foreach (var receipt in receipts.EnumerateArray()) onReceipt(receipt, n, seenAt);
            }
            last = head;
            if (!done()) await Task.Delay(50, ct);
        }
        return true;
    }
}
