using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using OpenChat.Chain.Payments.Custody;
using OpenChat.Chain.Payments.Flow;

namespace OpenChat.Chain.Payments;

/// <summary>
/// The host's record of payments made from chats: one <see cref="PaymentLink"/> per payment, tying the wallet's outbox row
/// to the chat message that shows it. Wallet and Messaging know nothing of each other; this table is where they meet.
/// </summary>
public sealed class PaymentsDb(DbContextOptions<PaymentsDb> options) : DbContext(options)
{
    public const string MigrationsTable = "__EFMigrationsHistory_Payments";

    public DbSet<PaymentLink> Links => Set<PaymentLink>();

    public DbSet<PaymentPreference> Preferences => Set<PaymentPreference>();

    public DbSet<Rewards.Reward> Rewards => Set<Rewards.Reward>();

    public DbSet<Rewards.Invite> Invites => Set<Rewards.Invite>();

    protected override void OnModelCreating(ModelBuilder model)
    {
        model.ApplyConfiguration(new PaymentLinkConfiguration());
        model.ApplyConfiguration(new PaymentPreferenceConfiguration());
        model.ApplyConfiguration(new Rewards.RewardConfiguration());
        model.ApplyConfiguration(new Rewards.InviteConfiguration());
    }
}

/// <summary>Lets `dotnet ef migrations add` build the model without starting the host.</summary>
sealed class PaymentsDbDesignFactory : IDesignTimeDbContextFactory<PaymentsDb>
{
    public PaymentsDb CreateDbContext(string[] args) => new(new DbContextOptionsBuilder<PaymentsDb>()
        .UseSqlite("Data Source=design.db", sqlite => sqlite.MigrationsHistoryTable(PaymentsDb.MigrationsTable))
        .Options);
}
