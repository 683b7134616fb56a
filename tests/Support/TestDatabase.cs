using Npgsql;

namespace OpenChat.Chain.Tests.Support;

/// <summary>
/// Which database the test hosts run on: SQLite files by default; with <c>OPENCHAT_TEST_DATABASE=postgres</c> each host
/// gets a fresh database of its own on the test cluster (scripts/postgres.sh; scripts/test.sh starts it and sets
/// <c>OPENCHAT_TEST_POSTGRES</c> to its maintenance database), named after the host's data folder so a restart on the
/// same folder finds the same data.
/// </summary>
public static class TestDatabase
{
    public static bool OnPostgres { get; } =
        string.Equals(Environment.GetEnvironmentVariable("OPENCHAT_TEST_DATABASE"), "postgres", StringComparison.OrdinalIgnoreCase);

    static string Server => Environment.GetEnvironmentVariable("OPENCHAT_TEST_POSTGRES")
        ?? $"Host=127.0.0.1;Port={Environment.GetEnvironmentVariable("OPENCHAT_PG_PORT") ?? "55432"};Username=postgres;Database=postgres";

    /// <summary>The host settings for the data folder's database, creating it if missing (empty on SQLite).</summary>
    public static IReadOnlyDictionary<string, string> Settings(string dataDirectory)
    {
        if (!OnPostgres) return new Dictionary<string, string>();
        var name = Name(dataDirectory);
        using (var connection = Open())
        {
            using var exists = new NpgsqlCommand("SELECT 1 FROM pg_database WHERE datname = $1", connection) { Parameters = { new() { Value = name } } };
            // Two hosts on one data folder may start together (a cluster's first start): the second finds it made.
            if (exists.ExecuteScalar() is null)
                try { Execute(connection, $"CREATE DATABASE \"{name}\""); }
                catch (PostgresException e) when (e.SqlState is PostgresErrorCodes.DuplicateDatabase or PostgresErrorCodes.UniqueViolation) { }
        }
        return new Dictionary<string, string>
        {
            ["Database:Provider"] = "Postgres",
            ["ConnectionStrings:Default"] = new NpgsqlConnectionStringBuilder(Server) { Database = name }.ConnectionString,
        };
    }

    /// <summary>Drops the data folder's database (its host has stopped); nothing on SQLite.</summary>
    public static void Drop(string dataDirectory)
    {
        if (!OnPostgres) return;
        using var connection = Open();
        Execute(connection, $"DROP DATABASE IF EXISTS \"{Name(dataDirectory)}\" WITH (FORCE)");
    }

    // Data folders end in a 32-hex-digit Guid: within PostgreSQL's 63-byte identifiers and nothing to quote.
    static string Name(string dataDirectory) => "openchat_test_" + Path.GetFileName(Path.TrimEndingDirectorySeparator(dataDirectory)).ToLowerInvariant();

    static NpgsqlConnection Open()
    {
        var connection = new NpgsqlConnection(Server);
        connection.Open();
        return connection;
    }

    static void Execute(NpgsqlConnection connection, string sql)
    {
        using var command = new NpgsqlCommand(sql, connection);
        command.ExecuteNonQuery();
    }
}
