using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace OpenChat.Chain.Wallet.Sending;

/// <summary>
/// One signed relayer transaction, forwarder.executeBatch(...) carrying the forward requests of one or more outbox rows,
/// which point to it by <see cref="OutgoingTransfer.TxHash"/>. Every version (fee bumps, a new relayer nonce) is kept, and
/// stored before it is sent, so a crash at any point resends the same bytes; the bytes live here once per batch, not
/// once per row.
/// </summary>
public sealed class RelayTransaction
{
    RelayTransaction() { }

    public RelayTransaction(string txHash, long relayNonce, string rawTransaction, DateTime signedAt) =>
        (TxHash, RelayNonce, RawTransaction, SignedAt) = (txHash, relayNonce, rawTransaction, signedAt);

    public string TxHash { get; private set; } = "";
    public long RelayNonce { get; private set; }
    public string RawTransaction { get; private set; } = "";
    public DateTime SignedAt { get; private set; }
}

sealed class RelayTransactionConfiguration : IEntityTypeConfiguration<RelayTransaction>
{
    public void Configure(EntityTypeBuilder<RelayTransaction> entity)
    {
        entity.ToTable("RelayTransactions");
        entity.HasKey(t => t.TxHash);
        entity.Property(t => t.TxHash).HasMaxLength(66);
        entity.HasIndex(t => t.RelayNonce);
    }
}
