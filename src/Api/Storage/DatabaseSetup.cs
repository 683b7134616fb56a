using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using OpenChat.Chain.Messaging;
using OpenChat.Chain.Wallet;

namespace OpenChat.Chain.Api.Storage;

/// <summary>
/// The one place that knows which database engine runs: each context gets its provider and its own
/// migrations history table. SQLite (a file in the data folder) is the default; the contexts themselves
/// use nothing SQLite-specific except the search adapter.
/// </summary>
public sealed class DatabaseSetup
{
    public const string Section = "Database";

    readonly string _connectionString;

    public DatabaseSetup(IConfiguration configuration, string dataDirectory)
    {
        var provider = configuration[$"{Section}:Provider"] ?? "Sqlite";
        if (!provider.Equals("Sqlite", StringComparison.OrdinalIgnoreCase))
            throw new InvalidOperationException($"Database:Provider '{provider}' is not supported yet; use Sqlite");
        _connectionString = configuration.GetConnectionString("Default")
            ?? new SqliteConnectionStringBuilder { DataSource = Path.Combine(dataDirectory, "openchat.db"), Pooling = true }.ToString();
    }

    static readonly SqlitePragmas Pragmas = new();

    /// <summary>The SQLite file, or null for an in-memory database.</summary>
    public string? File => new SqliteConnectionStringBuilder(_connectionString).DataSource is { Length: > 0 } file
        && file != ":memory:" && !file.StartsWith("file:", StringComparison.OrdinalIgnoreCase) ? Path.GetFullPath(file) : null;

    public void Wallet(DbContextOptionsBuilder db) => Use(db, WalletDb.MigrationsTable);

    public void Messaging(DbContextOptionsBuilder db) => Use(db, MessagingDb.MigrationsTable);

    public void Identity(DbContextOptionsBuilder db) => Use(db, OpenChat.Chain.Identity.IdentityDb.MigrationsTable);

    public void Governance(DbContextOptionsBuilder db) => Use(db, OpenChat.Chain.Governance.GovernanceDb.MigrationsTable);

    public void Payments(DbContextOptionsBuilder db) => Use(db, Api.Payments.PaymentsDb.MigrationsTable);

    void Use(DbContextOptionsBuilder db, string migrationsTable) =>
        db.UseSqlite(_connectionString, sqlite => sqlite.MigrationsHistoryTable(migrationsTable)).AddInterceptors(Pragmas);

    /// <summary>Write-ahead logging: readers never wait for the writer (the setting lives in the file).</summary>
    public static async Task PrepareAsync(DbContext db, CancellationToken ct) =>
        await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", ct);
}
