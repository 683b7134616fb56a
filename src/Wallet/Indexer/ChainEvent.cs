using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace OpenChat.Chain.Wallet.Indexer;

/// <summary>One log of the system's contracts, decoded, as the chain had it at <see cref="BlockHash"/>.</summary>
public sealed class ChainEvent
{
    public long Id { get; private set; }
    public long ChainId { get; private set; }
    public long BlockNumber { get; private set; }
    public string BlockHash { get; private set; } = "";
    /// <summary>The block's timestamp (UTC): when the chain says it happened.</summary>
    public DateTime BlockTime { get; private set; }
    public string TxHash { get; private set; } = "";
    public int LogIndex { get; private set; }
    public string Contract { get; private set; } = "";
    public string EventName { get; private set; } = "";
    public string? From { get; private set; }
    public string? To { get; private set; }

    /// <summary>Base units as a decimal string (uint256 does not fit any portable column type).</summary>
    public string? Amount { get; private set; }

    public string ArgsJson { get; private set; } = "{}";

    ChainEvent() { }

    public ChainEvent(long chainId, long blockNumber, string blockHash, DateTime blockTime, string txHash, int logIndex, string contract,
        string eventName, string? from, string? to, string? amount, string argsJson)
    {
        (ChainId, BlockNumber, BlockHash, BlockTime, TxHash, LogIndex) = (chainId, blockNumber, blockHash, blockTime, txHash, logIndex);
        (Contract, EventName, From, To, Amount, ArgsJson) = (contract, eventName, from, to, amount, argsJson);
    }
}

public sealed class ChainEventConfiguration : IEntityTypeConfiguration<ChainEvent>
{
    public void Configure(EntityTypeBuilder<ChainEvent> e)
    {
        e.HasKey(x => x.Id);
        e.Property(x => x.BlockHash).HasMaxLength(66);
        e.Property(x => x.TxHash).HasMaxLength(66);
        e.Property(x => x.Contract).HasMaxLength(32);
        e.Property(x => x.EventName).HasMaxLength(64);
        e.Property(x => x.From).HasMaxLength(42);
        e.Property(x => x.To).HasMaxLength(42);
        e.Property(x => x.Amount).HasMaxLength(80);
        e.HasIndex(x => new { x.ChainId, x.TxHash, x.LogIndex }).IsUnique();
        e.HasIndex(x => new { x.ChainId, x.BlockNumber });
        e.HasIndex(x => new { x.ChainId, x.To });
        e.HasIndex(x => new { x.ChainId, x.From });
        e.HasIndex(x => x.TxHash);
    }
}
