using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OpenChat.Chain.Api.Storage;
using OpenChat.Chain.Governance;
using OpenChat.Chain.Identity;
using OpenChat.Chain.Messaging;
using OpenChat.Chain.Payments;
using OpenChat.Chain.Tests.Support;
using OpenChat.Chain.Wallet;

namespace OpenChat.Chain.Api.Tests.Storage;

/// <summary>Runs on whichever provider the suite runs on (OPENCHAT_TEST_DATABASE): checks the layout that provider promises.</summary>
public sealed class StorageTests
{
    [Fact]
    public async Task Host_OnItsProvider_KeepsEachContextWhereItBelongs()
    {
        await using var api = new ApiFactory();
        await api.WaitUntilHealthyAsync(TimeSpan.FromSeconds(60));
        await using var scope = api.Services.CreateAsyncScope();
        var contexts = new (DbContext Db, string Schema)[]
        {
            (scope.ServiceProvider.GetRequiredService<MessagingDb>(), "messaging"),
            (scope.ServiceProvider.GetRequiredService<WalletDb>(), "wallet"),
            (scope.ServiceProvider.GetRequiredService<IdentityDb>(), "identity"),
            (scope.ServiceProvider.GetRequiredService<GovernanceDb>(), "governance"),
            (scope.ServiceProvider.GetRequiredService<PaymentsDb>(), "payments"),
        };
        var ct = TestContext.Current.CancellationToken;

        foreach (var (db, schema) in contexts)
        {
            Assert.Empty(await db.Database.GetPendingMigrationsAsync(ct));
            if (!TestDatabase.OnPostgres)
            {
                Assert.True(db.Database.IsSqlite(), db.GetType().Name);
                Assert.Equal(Path.Combine(api.DataDirectory, "openchat.db"), db.Database.GetDbConnection().DataSource);
                continue;
            }
            Assert.True(db.Database.IsNpgsql(), db.GetType().Name);
            // Hand-written SQL stays unqualified: the connection looks in the context's schema first.
            Assert.Equal(schema, await db.Database.SqlQueryRaw<string>("SELECT current_schema() AS \"Value\"").SingleAsync(ct));
            Assert.All(db.Model.GetEntityTypes().Where(e => e.GetTableName() is not null), e => Assert.Equal(schema, e.GetSchema()));
            var tables = await db.Database.SqlQueryRaw<string>(
                "SELECT table_name AS \"Value\" FROM information_schema.tables WHERE table_schema = current_schema()").ToListAsync(ct);
            Assert.Contains(HistoryTable(db), tables);
            Assert.Superset(db.Model.GetEntityTypes().Select(e => e.GetTableName()).OfType<string>().ToHashSet(), tables.ToHashSet());
        }
        if (TestDatabase.OnPostgres)
            Assert.Equal(0, await contexts[0].Db.Database.SqlQueryRaw<int>(
                "SELECT count(*)::int AS \"Value\" FROM information_schema.tables WHERE table_schema = 'public'").SingleAsync(ct));
    }

    [Theory]
    [InlineData("Oracle", null, "not supported")]
    [InlineData("Postgres", null, "ConnectionStrings:Default")]
    public void DatabaseSetup_WithoutAUsableProvider_RefusesToStart(string provider, string? connectionString, string message)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Database:Provider"] = provider,
            ["ConnectionStrings:Default"] = connectionString,
        }).Build();

        var error = Assert.Throws<InvalidOperationException>(() => new DatabaseSetup(configuration, Path.GetTempPath()));

        Assert.Contains(message, error.Message);
    }

    static string HistoryTable(DbContext db) =>
        db.GetService<IDbContextOptions>().Extensions.OfType<RelationalOptionsExtension>().Single().MigrationsHistoryTableName!;
}
