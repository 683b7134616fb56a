using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace OpenChat.Chain.Wallet.Chain;

/// <summary>
/// Who runs one background duty (the broadcaster, the indexer, a keeper) while several instances share one database: the
/// holder until <see cref="ExpiresAt"/> (Unix milliseconds, so comparisons are plain integers on every provider). Taken
/// and renewed by conditional writes only (<see cref="DutyLeases"/>), never read-then-written.
/// </summary>
public sealed class DutyLease
{
    DutyLease() { }

    public string Duty { get; private set; } = "";
    public string Holder { get; private set; } = "";
    public long ExpiresAt { get; private set; }
}

sealed class DutyLeaseConfiguration : IEntityTypeConfiguration<DutyLease>
{
    public void Configure(EntityTypeBuilder<DutyLease> entity)
    {
        entity.ToTable("DutyLeases");
        entity.HasKey(l => l.Duty);
        entity.Property(l => l.Duty).HasMaxLength(64);
        entity.Property(l => l.Holder).HasMaxLength(128);
    }
}
