using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace OpenChat.Chain.Wallet.Indexer;

/// <summary>The last block the indexer finished on one chain, with its hash to notice a reorg below it.</summary>
public sealed class IndexerCheckpoint
{
    public long ChainId { get; private set; }
    public long BlockNumber { get; private set; }
    public string BlockHash { get; private set; } = "";

    IndexerCheckpoint() { }

    public IndexerCheckpoint(long chainId, long blockNumber, string blockHash) =>
        (ChainId, BlockNumber, BlockHash) = (chainId, blockNumber, blockHash);

    public void Advance(long blockNumber, string blockHash)
    {
        if (blockNumber < BlockNumber)
            throw new InvalidOperationException($"Checkpoint of chain {ChainId}: {BlockNumber} → {blockNumber} is not forward");
        (BlockNumber, BlockHash) = (blockNumber, blockHash);
    }

    /// <summary>A reorg replaced blocks above <paramref name="blockNumber"/>: index them again from there.</summary>
    public void RewindTo(long blockNumber, string blockHash)
    {
        if (blockNumber > BlockNumber)
            throw new InvalidOperationException($"Checkpoint of chain {ChainId}: rewind {BlockNumber} → {blockNumber} is not backward");
        (BlockNumber, BlockHash) = (blockNumber, blockHash);
    }
}

public sealed class IndexerCheckpointConfiguration : IEntityTypeConfiguration<IndexerCheckpoint>
{
    public void Configure(EntityTypeBuilder<IndexerCheckpoint> e)
    {
        e.HasKey(x => x.ChainId);
        e.Property(x => x.ChainId).ValueGeneratedNever();
        e.Property(x => x.BlockHash).HasMaxLength(66);
    }
}
