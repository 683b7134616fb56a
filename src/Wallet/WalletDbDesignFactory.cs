using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace OpenChat.Chain.Wallet;

/// <summary>Lets `dotnet ef migrations add` build the model without starting the host (and its anvil).</summary>
sealed class WalletDbDesignFactory : IDesignTimeDbContextFactory<WalletDb>
{
    public WalletDb CreateDbContext(string[] args) => new(new DbContextOptionsBuilder<WalletDb>()
        .UseSqlite("Data Source=design.db", sqlite => sqlite.MigrationsHistoryTable(WalletDb.MigrationsTable))
        .Options);
}
