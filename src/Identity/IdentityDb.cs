using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace OpenChat.Chain.Identity;

/// <summary>Who may act as which user: passkeys, sessions and pending challenges. Users themselves are Messaging's.</summary>
public sealed class IdentityDb(DbContextOptions<IdentityDb> options) : DbContext(options)
{
    public const string MigrationsTable = "__EFMigrationsHistory_Identity";

    public DbSet<Passkey> Passkeys => Set<Passkey>();
    public DbSet<Session> Sessions => Set<Session>();
    public DbSet<PendingCeremony> Ceremonies => Set<PendingCeremony>();

    protected override void OnModelCreating(ModelBuilder model)
    {
        model.ApplyConfiguration(new PasskeyConfiguration());
        model.ApplyConfiguration(new SessionConfiguration());
        model.ApplyConfiguration(new PendingCeremonyConfiguration());
    }
}

/// <summary>Lets `dotnet ef migrations add` build the model without starting the host.</summary>
sealed class IdentityDbDesignFactory : IDesignTimeDbContextFactory<IdentityDb>
{
    public IdentityDb CreateDbContext(string[] args) => new(new DbContextOptionsBuilder<IdentityDb>()
        .UseSqlite("Data Source=design.db", sqlite => sqlite.MigrationsHistoryTable(IdentityDb.MigrationsTable))
        .Options);
}
