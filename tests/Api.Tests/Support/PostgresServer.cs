using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace OpenChat.Chain.Api.Tests.Support;

/// <summary>
/// A PostgreSQL server for the tests that need one: the server named by <c>OPENCHAT_TEST_POSTGRES</c> (a connection
/// string to a server someone else started, such as scripts/postgres.sh) or else a private cluster started here from
/// Debian's binaries on a free loopback port, in a temporary folder, and stopped at the end. Each test class asks
/// for its own database.
/// </summary>
public sealed class PostgresServer : IAsyncLifetime
{
    const string Bin = "/usr/lib/postgresql/15/bin";
    string? _folder;
    readonly List<string> _databases = [];

    public string ConnectionString { get; private set; } = "";

    public async ValueTask InitializeAsync()
    {
        if (Environment.GetEnvironmentVariable("OPENCHAT_TEST_POSTGRES") is { Length: > 0 } given)
        {
            ConnectionString = given;
            return;
        }
        _folder = Path.Combine(Path.GetTempPath(), $"openchat-pg-{Guid.NewGuid():N}");
        var port = FreePort();
        // initdb refuses to run as root: the image's postgres user owns the cluster then.
        await Run($"{Bin}/initdb", "-D", _folder, "-A", "trust", "-U", "postgres", "-E", "UTF8", "--no-sync");
        await Run($"{Bin}/pg_ctl", "-D", _folder, "-w", "-l", Path.Combine(_folder, "log"),
            "-o", $"-p {port} -k {_folder} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200", "start");
        ConnectionString = $"Host=127.0.0.1;Port={port};Username=postgres;Database=postgres";
    }

    /// <summary>A new, empty database with <paramref name="schema"/>, and a connection string searching it first.</summary>
    public async Task<string> CreateDatabase(string schema)
    {
        var name = $"test_{Guid.NewGuid():N}";
        await using (var server = new NpgsqlConnection(ConnectionString))
        {
            await server.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE {name}", server);
            await create.ExecuteNonQueryAsync();
        }
        lock (_databases) _databases.Add(name);
        var database = new NpgsqlConnectionStringBuilder(ConnectionString) { Database = name, SearchPath = schema }.ConnectionString;
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"CREATE SCHEMA {schema}", connection);
        await command.ExecuteNonQueryAsync();
        return database;
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        if (_folder is null)
        {
            // Someone else's server: leave it as it was.
            await using var server = new NpgsqlConnection(ConnectionString);
            await server.OpenAsync();
            foreach (var name in _databases)
            {
                await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {name} WITH (FORCE)", server);
                await drop.ExecuteNonQueryAsync();
            }
            return;
        }
        await Run($"{Bin}/pg_ctl", "-D", _folder, "-m", "immediate", "stop");
        Directory.Delete(_folder, recursive: true);
    }

    static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    static async Task Run(string program, params string[] arguments)
    {
        var root = Environment.UserName == "root";
        var start = new ProcessStartInfo(root ? "runuser" : program) { RedirectStandardOutput = true, RedirectStandardError = true };
        if (root) foreach (var a in new[] { "-u", "postgres", "--", program }) start.ArgumentList.Add(a);
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{program} exited with {process.ExitCode}: {await output}{await errors}");
    }
}

[CollectionDefinition(Name)]
public sealed class PostgresCollection : ICollectionFixture<PostgresServer>
{
    public const string Name = "PostgreSQL";
}
