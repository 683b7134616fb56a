using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using OpenChat.Chain.Governance;
using OpenChat.Chain.Identity;
using OpenChat.Chain.Messaging;
using OpenChat.Chain.Messaging.Search;
using OpenChat.Chain.Payments;
using OpenChat.Chain.Storage.Postgres;
using OpenChat.Chain.Wallet;

namespace OpenChat.Chain.Api.Storage;

/// <summary>
/// The one place that knows which database engine runs: each context gets its provider and its own migrations
/// history table. SQLite (a file in the data folder) is the default; <c>Database:Provider=Postgres</c> with
/// <c>ConnectionStrings:Default</c> puts each context in its own schema of that database (<see cref="PostgresStorage"/>),
/// with its PostgreSQL migrations from OpenChat.Chain.Storage.Postgres. The contexts themselves use nothing
/// provider-specific except Messaging's search and post store, which it chooses by the provider it is given.
/// </summary>
public sealed class DatabaseSetup
{
    public const string Section = "Database";

    readonly string _connectionString;

    // PostgreSQL: physical connections each request-path context opens before the instance is healthy, and keeps
    // (Database:WarmConnections; PostgresStorage.WarmAsync says why).
    readonly int _warmConnections;

    public DatabaseSetup(IConfiguration configuration, string dataDirectory)
    {
        var provider = configuration[$"{Section}:Provider"] ?? "Sqlite";
        if (provider.Equals("Postgres", StringComparison.OrdinalIgnoreCase))
        {
            IsPostgres = true;
            _connectionString = configuration.GetConnectionString("Default")
                ?? throw new InvalidOperationException("Database:Provider Postgres needs ConnectionStrings:Default (bash scripts/postgres.sh start prints one)");
            _warmConnections = configuration.GetValue($"{Section}:WarmConnections", 16);
            return;
        }
        if (!provider.Equals("Sqlite", StringComparison.OrdinalIgnoreCase))
            throw new InvalidOperationException($"Database:Provider '{provider}' is not supported; use Sqlite or Postgres");
        _connectionString = configuration.GetConnectionString("Default")
            ?? new SqliteConnectionStringBuilder { DataSource = Path.Combine(dataDirectory, "openchat.db"), Pooling = true }.ToString();
    }

    public bool IsPostgres { get; }

    static readonly SqlitePragmas Pragmas = new();

    /// <summary>The SQLite file, or null for an in-memory database or PostgreSQL.</summary>
    public string? File => !IsPostgres && new SqliteConnectionStringBuilder(_connectionString).DataSource is { Length: > 0 } file
        && file != ":memory:" && !file.StartsWith("file:", StringComparison.OrdinalIgnoreCase) ? Path.GetFullPath(file) : null;

    public void Wallet(DbContextOptionsBuilder db) => Use(db, WalletDb.MigrationsTable, PostgresStorage.Wallet);

    // The request path's contexts (every send reads members; every REST request its session) start with warm pools.
    public void Messaging(DbContextOptionsBuilder db) => Use(db, MessagingDb.MigrationsTable, PostgresStorage.Messaging, _warmConnections);

    public void Identity(DbContextOptionsBuilder db) => Use(db, IdentityDb.MigrationsTable, PostgresStorage.Identity, _warmConnections);

    public void Governance(DbContextOptionsBuilder db) => Use(db, GovernanceDb.MigrationsTable, PostgresStorage.Governance);

    public void Payments(DbContextOptionsBuilder db) => Use(db, PaymentsDb.MigrationsTable, PostgresStorage.Payments);

    void Use(DbContextOptionsBuilder db, string migrationsTable, string schema, int warmConnections = 0)
    {
        if (IsPostgres) PostgresStorage.Use(db, warmConnections > 0 ? PostgresStorage.KeepingWarm(_connectionString, warmConnections) : _connectionString,
            schema, migrationsTable);
        else db.UseSqlite(_connectionString, sqlite => sqlite.MigrationsHistoryTable(migrationsTable)).AddInterceptors(Pragmas);
    }

    /// <summary>
    /// Brings every context's schema up to date, one instance at a time on PostgreSQL (instances of a cluster may start
    /// together), then creates Messaging's search index; on PostgreSQL then warms the request path's pools (outside the lock).
    /// </summary>
    public async Task MigrateAsync(IServiceProvider services, CancellationToken ct)
    {
        await using var scope = services.CreateAsyncScope();
        var provider = scope.ServiceProvider;
        await using (IsPostgres ? await PostgresStorage.LockForMigrationsAsync(_connectionString, ct) : null)
            await MigrateEachAsync(provider, ct);
        if (IsPostgres)
        {
            await PostgresStorage.WarmAsync(provider.GetRequiredService<MessagingDb>(), ct);
            await PostgresStorage.WarmAsync(provider.GetRequiredService<IdentityDb>(), ct);
        }
    }

    async Task MigrateEachAsync(IServiceProvider provider, CancellationToken ct)
    {
        await PrepareAsync(provider.GetRequiredService<WalletDb>(), ct);
        foreach (var db in new DbContext[] { provider.GetRequiredService<WalletDb>(), provider.GetRequiredService<MessagingDb>(),
                     provider.GetRequiredService<IdentityDb>(), provider.GetRequiredService<PaymentsDb>(), provider.GetRequiredService<GovernanceDb>() })
        {
            // On a fresh PostgreSQL database the migrator reads the history table before it exists and logs the failed
            // SELECT as an Error (npgsql/efcore.pg#3407, dotnet/efcore#37328) although nothing is wrong; made first (with
            // its schema), the read finds it empty and a fresh start logs no Error.
            if (IsPostgres) await db.GetService<IHistoryRepository>().CreateIfNotExistsAsync(ct);
            await db.Database.MigrateAsync(ct);
        }
        await provider.GetRequiredService<IMessageSearch>().EnsureCreated(ct);
    }

    /// <summary>SQLite: write-ahead logging, so readers never wait for the writer (the setting lives in the file).</summary>
    static async Task PrepareAsync(DbContext db, CancellationToken ct)
    {
        if (db.Database.IsSqlite()) await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", ct);
    }
}
