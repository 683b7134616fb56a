using Microsoft.EntityFrameworkCore;
using OpenChat.Chain.Wallet.Contracts;

namespace OpenChat.Chain.Wallet;

/// <summary>The Wallet context's own tables: deployments now; keys, outbox and the chain mirror later.</summary>
public sealed class WalletDb(DbContextOptions<WalletDb> options) : DbContext(options)
{
    public const string MigrationsTable = "__EFMigrationsHistory_Wallet";

    public DbSet<ContractDeployment> ContractDeployments => Set<ContractDeployment>();

    protected override void OnModelCreating(ModelBuilder model) =>
        model.ApplyConfiguration(new ContractDeploymentConfiguration());
}
