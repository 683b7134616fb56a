using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace OpenChat.Chain.Messaging;

/// <summary>Lets `dotnet ef migrations add` build the model without starting the host.</summary>
sealed class MessagingDbDesignFactory : IDesignTimeDbContextFactory<MessagingDb>
{
    public MessagingDb CreateDbContext(string[] args) => new(new DbContextOptionsBuilder<MessagingDb>()
        .UseSqlite("Data Source=design.db", sqlite => sqlite.MigrationsHistoryTable(MessagingDb.MigrationsTable))
        .Options);
}
