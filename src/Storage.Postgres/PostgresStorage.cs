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

    /// <summary>
    /// The context's connection string with a pool that keeps at least <paramref name="connections"/> physical connections
    /// once opened (<see cref="WarmAsync"/> opens them), unless the operator's string asks for a minimum of its own.
    /// </summary>
    public static string KeepingWarm(string connectionString, int connections)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        // Without pooling (Pooling=false) there is nothing to keep warm.
        if (builder.Pooling && builder.MinPoolSize == 0) builder.MinPoolSize = Math.Min(connections, builder.MaxPoolSize);
        return builder.ConnectionString;
    }

    /// <summary>
    /// Opens the pool's minimum of physical connections for the context at once, and has each plan a read of every table
    /// of the context, before the instance says it is healthy. A PostgreSQL connection is a forked backend: on this
    /// 2-core machine under load, 20 opened at once took 1.1 s and each re-opened one about 120 ms (pgbench -C), against
    /// 2 ms for a query on an open one; a new backend also loads its catalog caches on its first statements. A cold pool
    /// meets the first burst of requests by opening up to Max Pool Size backends at once, the writer's queue ages past
    /// SendAdmission's 200 ms meanwhile, and sends are refused for the first seconds (3,769 at a 2,000/s hub start).
    /// SQLite opens a file in microseconds, which is why it never showed this.
    /// </summary>
    public static async Task WarmAsync(DbContext db, CancellationToken ct)
    {
        var connectionString = db.Database.GetConnectionString() ?? throw new InvalidOperationException($"{db.GetType().Name} has no connection string");
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        var count = builder.Pooling ? builder.MinPoolSize : 0;
        if (count == 0) return;
        var reads = string.Join("; ", db.Model.GetEntityTypes().Select(e => e.GetTableName()).OfType<string>().Distinct()
            .Select(table => $"SELECT 1 FROM \"{table}\" LIMIT 0"));
        var connections = new NpgsqlConnection[count];
        try
        {
            // All held open until every one is made, so the pool ends with that many physical connections, not one reused.
            await Parallel.ForEachAsync(Enumerable.Range(0, count), ct, async (i, token) =>
            {
                var connection = connections[i] = new NpgsqlConnection(connectionString);
                await connection.OpenAsync(token);
                await using var read = new NpgsqlCommand(reads, connection);
                await read.ExecuteNonQueryAsync(token);
            });
        }
        finally
        {
            foreach (var connection in connections)
                if (connection is not null) await connection.DisposeAsync(); // back to the pool, which keeps MinPoolSize of them
        }
    }
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
