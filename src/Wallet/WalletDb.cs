using Microsoft.EntityFrameworkCore;
using OpenChat.Chain.Wallet.Contracts;
using OpenChat.Chain.Wallet.Sending;

namespace OpenChat.Chain.Wallet;

/// <summary>The Wallet context's own tables: deployments and the outbox of outgoing transfers.</summary>
public sealed class WalletDb(DbContextOptions<WalletDb> options) : DbContext(options)
{
    public const string MigrationsTable = "__EFMigrationsHistory_Wallet";

    public DbSet<ContractDeployment> ContractDeployments => Set<ContractDeployment>();

    public DbSet<OutgoingTransfer> OutgoingTransfers => Set<OutgoingTransfer>();

    protected override void OnModelCreating(ModelBuilder model)
    {
        model.ApplyConfiguration(new ContractDeploymentConfiguration());
        model.ApplyConfiguration(new OutgoingTransferConfiguration());
    }
}
