using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Npgsql;

namespace OpenChat.Chain.Storage.Postgres;

/// <summary>
/// How a context runs on PostgreSQL: its tables and its migrations history in a schema named after the context,
/// a connection whose search path is that schema (hand-written SQL stays unqualified), and its migrations from
/// this assembly, so the contexts keep their SQLite migrations and stay free of any provider.
/// </summary>
public static class PostgresStorage
{
    /// <summary>The schema of each context (the agreed contract between the contexts' PostgreSQL code).</summary>
    public const string Messaging = "messaging", Wallet = "wallet", Identity = "identity", Governance = "governance", Payments = "payments";

    public static void Use(DbContextOptionsBuilder db, string connectionString, string schema, string migrationsTable) =>
        db.UseNpgsql(WithSearchPath(connectionString, schema), npgsql => npgsql
                .MigrationsAssembly(typeof(PostgresStorage).Assembly.GetName().Name)
                .MigrationsHistoryTable(migrationsTable, schema))
            .ReplaceService<IModelCustomizer, SchemaPerContext>();

    /// <summary>
    /// Holds the database's schema-change lock until disposed: instances starting together migrate one after another
    /// (a session advisory lock; EF Core's own migration lock did not keep two first starts from both creating a table).
    /// </summary>
    public static async Task<IAsyncDisposable> LockForMigrationsAsync(string connectionString, CancellationToken ct)
    {
        // Its own unpooled session: a pooled one would go back to the pool still holding the lock.
        var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false, CommandTimeout = 0 }.ConnectionString);
        await connection.OpenAsync(ct);
        await using (var take = new NpgsqlCommand($"SELECT pg_advisory_lock({MigrationsLockKey})", connection))
            await take.ExecuteNonQueryAsync(ct);
        return connection; // closing the session gives the lock back
    }

    // Any constant of our own: advisory locks are per database, and no other lock of this service uses this key.
    const long MigrationsLockKey = 0x6F63_6D69_6772; // "ocmigr"

    public static string WithSearchPath(string connectionString, string schema) =>
        new NpgsqlConnectionStringBuilder(connectionString) { SearchPath = schema }.ConnectionString;
}

/// <summary>Puts the context's tables in the schema its migrations history lives in (before the context's own configuration runs).</summary>
sealed class SchemaPerContext(ModelCustomizerDependencies dependencies) : RelationalModelCustomizer(dependencies)
{
    public override void Customize(ModelBuilder modelBuilder, DbContext context)
    {
        var schema = context.GetService<IDbContextOptions>().Extensions.OfType<Microsoft.EntityFrameworkCore.Infrastructure.RelationalOptionsExtension>()
            .Single().MigrationsHistoryTableSchema;
        if (schema is not null) modelBuilder.HasDefaultSchema(schema);
        base.Customize(modelBuilder, context);
    }
}
