using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace OpenChat.Chain.Api.Tests.Support;

/// <summary>
/// A PostgreSQL server for the tests that need one: the server named by <c>OPENCHAT_TEST_POSTGRES</c> (a connection
/// string to a server someone else started, such as scripts/test.sh's) or else a private cluster started through
/// scripts/postgres.sh on a free loopback port, in a temporary folder, and destroyed at the end. Each test class asks
/// for its own database.
/// </summary>
public sealed class PostgresServer : IAsyncLifetime
{
    string? _folder;
    int _port;
    readonly List<string> _databases = [];

    public string ConnectionString { get; private set; } = "";

    public async ValueTask InitializeAsync()
    {
        if (Environment.GetEnvironmentVariable("OPENCHAT_TEST_POSTGRES") is { Length: > 0 } given)
        {
            ConnectionString = given;
            return;
        }
        _folder = Path.Combine(Path.GetTempPath(), "openchat-tests", $"pg-{Guid.NewGuid():N}");
        _port = FreePort();
        ConnectionString = await Script("start", "postgres");
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
        await Script("destroy");
    }

    /// <summary>Runs scripts/postgres.sh with this cluster's port and folder; returns what it prints.</summary>
    async Task<string> Script(params string[] arguments)
    {
        var start = new ProcessStartInfo("bash", [Path.Combine(RepositoryRoot(), "scripts", "postgres.sh"), .. arguments])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            Environment = { ["OPENCHAT_PG_PORT"] = _port.ToString(), ["OPENCHAT_PG_DIR"] = _folder },
        };
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0) throw new InvalidOperationException($"scripts/postgres.sh {arguments[0]} failed: {await errors}");
        return (await output).Trim();
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

[CollectionDefinition(Name)]
public sealed class PostgresCollection : ICollectionFixture<PostgresServer>
{
    public const string Name = "PostgreSQL";
}
