using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using OpenChat.Chain.Governance.Proposals;

namespace OpenChat.Chain.Governance;

/// <summary>The Governance context's tables: proposals and votes as mirrored from the governor's events and state.</summary>
public sealed class GovernanceDb(DbContextOptions<GovernanceDb> options) : DbContext(options)
{
    public const string MigrationsTable = "__EFMigrationsHistory_Governance";

    public DbSet<Proposal> Proposals => Set<Proposal>();
    public DbSet<ProposalVote> Votes => Set<ProposalVote>();

    protected override void OnModelCreating(ModelBuilder model)
    {
        model.ApplyConfiguration(new ProposalConfiguration());
        model.ApplyConfiguration(new ProposalVoteConfiguration());
    }
}

/// <summary>Lets `dotnet ef migrations add` build the model without starting the host.</summary>
sealed class GovernanceDbDesignFactory : IDesignTimeDbContextFactory<GovernanceDb>
{
    public GovernanceDb CreateDbContext(string[] args) => new(new DbContextOptionsBuilder<GovernanceDb>()
        .UseSqlite("Data Source=design.db", sqlite => sqlite.MigrationsHistoryTable(GovernanceDb.MigrationsTable))
        .Options);
}
