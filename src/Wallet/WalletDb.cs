using System.Numerics;
using Microsoft.EntityFrameworkCore;
using OpenChat.Chain.Wallet.Contracts;
using OpenChat.Chain.Wallet.Indexer;
using OpenChat.Chain.Wallet.Sending;

namespace OpenChat.Chain.Wallet;

/// <summary>The Wallet context's own tables: deployments, the outbox of outgoing transfers, the chain index and the
/// leases of the background duties.</summary>
public sealed class WalletDb(DbContextOptions<WalletDb> options) : DbContext(options)
{
    public const string MigrationsTable = "__EFMigrationsHistory_Wallet";

    public DbSet<ContractDeployment> ContractDeployments => Set<ContractDeployment>();

    public DbSet<OutgoingTransfer> OutgoingTransfers => Set<OutgoingTransfer>();

    public DbSet<RelayTransaction> RelayTransactions => Set<RelayTransaction>();

    public DbSet<ChainEvent> ChainEvents => Set<ChainEvent>();

    public DbSet<IndexerCheckpoint> IndexerCheckpoints => Set<IndexerCheckpoint>();

    public DbSet<Chain.DutyLease> DutyLeases => Set<Chain.DutyLease>();

    /// <summary>
    /// What accounts could still promise, as this unit of work (one request) last read it from the chain
    /// (<see cref="ChainReads.AvailableAsync"/>): the custody gate (Payments' CheckTerms) and the use case that queues the
    /// movement both ask, milliseconds apart, and each read is an RPC and a query. Forgotten on every save, so a row
    /// this unit of work queued is never left out; never shared with another request or instance.
    /// </summary>
    internal Dictionary<int, (BigInteger Available, long ReadAt)> AvailableRead { get; } = [];

    /// <summary>
    /// Outbox rows by (account, idempotency key) as this unit of work looked them up through <see cref="Sending.OutboxKeys"/>
    /// (the endpoint's "is this a retry?" before the custody gate), so the use case that follows does not ask again.
    /// Forgotten on every save, like <see cref="AvailableRead"/>: a race lost to another request shows as the unique
    /// index's refusal, which looks the key up afresh.
    /// </summary>
    internal Dictionary<(int Account, string Key), Sending.OutgoingTransfer?> KeyLookups { get; } = [];

    /// <summary>
    /// The account's in-flight rows (amount, forward nonce) read by <see cref="Sending.OutboxKeys"/> in the same query as
    /// the key, for the next <see cref="ChainReads.AvailableAsync"/> of this unit of work, which takes them (once) instead
    /// of a query of its own. Read before the chain, as that read wants (see there).
    /// </summary>
    internal Dictionary<int, IReadOnlyList<(string Amount, long? ForwardNonce)>> InFlightRead { get; } = [];

    /// <summary>Whether an address had code, as this unit of work's balance read brought it (<see cref="ChainReads.RecipientHasCode"/>).</summary>
    internal Dictionary<string, bool> CodeRead { get; } = new(StringComparer.OrdinalIgnoreCase);

    public override int SaveChanges(bool acceptAllChangesOnSuccess)
    {
        AvailableRead.Clear();
        KeyLookups.Clear();
        InFlightRead.Clear();
        CodeRead.Clear();
        return base.SaveChanges(acceptAllChangesOnSuccess);
    }

    public override Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        AvailableRead.Clear();
        KeyLookups.Clear();
        InFlightRead.Clear();
        CodeRead.Clear();
        return base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
    }

    protected override void OnModelCreating(ModelBuilder model)
    {
        model.ApplyConfiguration(new ContractDeploymentConfiguration());
        model.ApplyConfiguration(new OutgoingTransferConfiguration());
        model.ApplyConfiguration(new RelayTransactionConfiguration());
        model.ApplyConfiguration(new ChainEventConfiguration());
        model.ApplyConfiguration(new IndexerCheckpointConfiguration());
        model.ApplyConfiguration(new Chain.DutyLeaseConfiguration());
    }
}
