using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using OpenChat.Chain.Governance;
using OpenChat.Chain.Identity;
using OpenChat.Chain.Messaging;
using OpenChat.Chain.Payments;
using OpenChat.Chain.Wallet;

namespace OpenChat.Chain.Storage.Postgres;

// Let `dotnet ef migrations add <Name> --project src/Storage.Postgres --context <Db> --output-dir <Context>` build each
// model on PostgreSQL without a server or the host (README, "Storage").
static class Design
{
    public static DbContextOptions<T> Options<T>(string schema, string migrationsTable) where T : DbContext
    {
        var options = new DbContextOptionsBuilder<T>();
        PostgresStorage.Use(options, "Host=localhost;Database=design", schema, migrationsTable);
        return options.Options;
    }
}

sealed class MessagingDbFactory : IDesignTimeDbContextFactory<MessagingDb>
{
    public MessagingDb CreateDbContext(string[] args) => new(Design.Options<MessagingDb>(PostgresStorage.Messaging, MessagingDb.MigrationsTable));
}

sealed class WalletDbFactory : IDesignTimeDbContextFactory<WalletDb>
{
    public WalletDb CreateDbContext(string[] args) => new(Design.Options<WalletDb>(PostgresStorage.Wallet, WalletDb.MigrationsTable));
}

sealed class IdentityDbFactory : IDesignTimeDbContextFactory<IdentityDb>
{
    public IdentityDb CreateDbContext(string[] args) => new(Design.Options<IdentityDb>(PostgresStorage.Identity, IdentityDb.MigrationsTable));
}

sealed class GovernanceDbFactory : IDesignTimeDbContextFactory<GovernanceDb>
{
    public GovernanceDb CreateDbContext(string[] args) => new(Design.Options<GovernanceDb>(PostgresStorage.Governance, GovernanceDb.MigrationsTable));
}

sealed class PaymentsDbFactory : IDesignTimeDbContextFactory<PaymentsDb>
{
    public PaymentsDb CreateDbContext(string[] args) => new(Design.Options<PaymentsDb>(PostgresStorage.Payments, PaymentsDb.MigrationsTable));
}
