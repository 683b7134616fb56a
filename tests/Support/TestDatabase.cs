using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace OpenChat.Chain.Tests.Support;

/// <summary>
/// The one PostgreSQL server of a test process, and which database the test hosts run on. Hosts use SQLite files by
/// default; with <c>OPENCHAT_TEST_DATABASE=postgres</c> each host gets a fresh database of its own, named after its data
/// folder so a restart on the same folder finds the same data. Tests that need PostgreSQL whatever the run (the
/// adapters' own tests) ask for databases too (<see cref="CreateDatabase"/>). The server is the one named by
/// <c>OPENCHAT_TEST_POSTGRES</c> (a connection string to its maintenance database: scripts/test.sh starts one and sets
/// it), or else a private cluster started through scripts/postgres.sh on a free loopback port, in a temporary folder,
/// on first use, and destroyed when the test process exits.
/// </summary>
public static class TestDatabase
{
    public static bool OnPostgres { get; } =
        string.Equals(Environment.GetEnvironmentVariable("OPENCHAT_TEST_DATABASE"), "postgres", StringComparison.OrdinalIgnoreCase);

    static readonly Lazy<string> ServerString = new(StartServer, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>The server's maintenance database (starting a private cluster on first use when none is given).</summary>
    public static string Server => ServerString.Value;

    /// <summary>The host settings for the data folder's database, creating it if missing (empty on SQLite).</summary>
    public static IReadOnlyDictionary<string, string> Settings(string dataDirectory)
    {
        if (!OnPostgres) return new Dictionary<string, string>();
        return new Dictionary<string, string>
        {
            ["Database:Provider"] = "Postgres",
            // Two hosts on one data folder may start together (a cluster's first start): the second finds it made.
            ["ConnectionStrings:Default"] = CreateDatabase(Name(dataDirectory), ifMissing: true),
            // Many hosts run at once on one server (max_connections 300): each warms and keeps two, not the default 16.
            ["Database:WarmConnections"] = "2",
        };
    }

    /// <summary>Drops the data folder's database (its host has stopped); nothing on SQLite.</summary>
    public static void Drop(string dataDirectory)
    {
        if (OnPostgres) DropDatabase(Name(dataDirectory));
    }

    /// <summary>Creates database <paramref name="name"/> (if missing, with <paramref name="ifMissing"/>) and returns its connection string.</summary>
    public static string CreateDatabase(string name, bool ifMissing = false)
    {
        using (var connection = Open())
        {
            using var exists = new NpgsqlCommand("SELECT 1 FROM pg_database WHERE datname = $1", connection) { Parameters = { new() { Value = name } } };
            if (!ifMissing || exists.ExecuteScalar() is null)
                try { Execute(connection, $"CREATE DATABASE \"{name}\""); }
                catch (PostgresException e) when (ifMissing && e.SqlState is PostgresErrorCodes.DuplicateDatabase or PostgresErrorCodes.UniqueViolation) { }
        }
        return new NpgsqlConnectionStringBuilder(Server) { Database = name }.ConnectionString;
    }

    public static void DropDatabase(string name)
    {
        using var connection = Open();
        Execute(connection, $"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)");
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

    static string StartServer()
    {
        if (Environment.GetEnvironmentVariable("OPENCHAT_TEST_POSTGRES") is { Length: > 0 } given) return given;
        var environment = new Dictionary<string, string>
        {
            ["OPENCHAT_PG_PORT"] = FreePort().ToString(),
            ["OPENCHAT_PG_DIR"] = Path.Combine(Path.GetTempPath(), "openchat-tests", $"pg-{Guid.NewGuid():N}"),
        };
        var server = Script(environment, "start", "postgres");
        _privateServer = environment;
        // If the run ends without the assembly fixture's stop (aborted): destroyed in the background, since xunit forces
        // the exit with an error when the process has not ended ~10 s after the last test, and pg_ctl stop on a busy
        // machine can take that long.
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            if (Interlocked.Exchange(ref _privateServer, null) is { } left) Detached(left, "destroy");
        };
        return server;
    }

    static IReadOnlyDictionary<string, string>? _privateServer;

    /// <summary>
    /// An assembly fixture that destroys the private cluster (if this run started one) at the end of the run, inside
    /// it: a test project that may start one names it with <c>[assembly: AssemblyFixture(typeof(TestDatabase.Cleanup))]</c>.
    /// </summary>
    public sealed class Cleanup : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            if (Interlocked.Exchange(ref _privateServer, null) is not { } environment) return;
            NpgsqlConnection.ClearAllPools();
            await Task.Run(() => Script(environment, "destroy"));
        }
    }

    /// <summary>Starts scripts/postgres.sh in a session of its own and does not wait for it.</summary>
    static void Detached(IReadOnlyDictionary<string, string> environment, string argument)
    {
        var start = new ProcessStartInfo("setsid", ["bash", "-c", "bash \"$0\" \"$1\" > /dev/null 2>&1 < /dev/null &",
            Path.Combine(RepositoryRoot(), "scripts", "postgres.sh"), argument]);
        foreach (var (key, value) in environment) start.Environment[key] = value;
        using var process = Process.Start(start);
    }

    /// <summary>Runs scripts/postgres.sh for the private cluster; returns what it prints.</summary>
    static string Script(IReadOnlyDictionary<string, string> environment, params string[] arguments)
    {
        var start = new ProcessStartInfo("bash", [Path.Combine(RepositoryRoot(), "scripts", "postgres.sh"), .. arguments])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var (key, value) in environment) start.Environment[key] = value;
        using var process = Process.Start(start)!;
        var errors = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0) throw new InvalidOperationException($"scripts/postgres.sh {arguments[0]} failed: {errors.Result}");
        return output.Trim();
    }

    static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "OpenChat.Chain.sln"))) return dir.FullName;
        throw new InvalidOperationException("OpenChat.Chain.sln not found above " + AppContext.BaseDirectory);
    }

    static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
