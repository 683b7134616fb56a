namespace OpenChat.Chain.Wallet.Indexer;

/// <summary>The "Indexer" configuration section.</summary>
public sealed class IndexerOptions
{
    public const string Section = "Indexer";

    /// <summary>Blocks below the head before a block's events are recorded (a reorg shallower than this is never seen).</summary>
    public int ConfirmationDepth { get; set; } = 2;

    public int PollMilliseconds { get; set; } = 1_000;

    /// <summary>At most this many blocks per eth_getLogs call (hosted RPCs cap the range).</summary>
    public int MaxBlockRange { get; set; } = 1_000;

    /// <summary>Where a chain without a checkpoint starts (e.g. the deployment block on a long external chain).</summary>
    public long StartBlock { get; set; }
}
