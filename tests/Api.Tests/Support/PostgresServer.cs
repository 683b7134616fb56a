using Npgsql;
using OpenChat.Chain.Tests.Support;

namespace OpenChat.Chain.Api.Tests.Support;

/// <summary>
/// For the tests that need PostgreSQL on every run (the adapters' own tests, SQLite run included): databases of their
/// own on the test process's one server (<see cref="TestDatabase"/>), dropped when the collection ends.
/// </summary>
public sealed class PostgresServer : IAsyncLifetime
{
    readonly List<string> _databases = [];

    // Starts the private server, if any, before the first test asks for a database.
    public ValueTask InitializeAsync()
    {
        _ = TestDatabase.Server;
        return ValueTask.CompletedTask;
    }

    /// <summary>A new, empty database with <paramref name="schema"/>, and a connection string searching it first.</summary>
    public async Task<string> CreateDatabase(string schema)
    {
        var database = await CreateEmptyDatabase();
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"CREATE SCHEMA {schema}", connection);
        await command.ExecuteNonQueryAsync();
        return new NpgsqlConnectionStringBuilder(database) { SearchPath = schema }.ConnectionString;
    }

    /// <summary>A new database as CREATE DATABASE leaves it (what a deployment's first start meets), and its connection string.</summary>
    public Task<string> CreateEmptyDatabase()
    {
        var name = $"test_{Guid.NewGuid():N}";
        lock (_databases) _databases.Add(name);
        return Task.FromResult(TestDatabase.CreateDatabase(name));
    }

    public ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        foreach (var name in _databases) TestDatabase.DropDatabase(name);
        return ValueTask.CompletedTask;
    }
}

[CollectionDefinition(Name)]
public sealed class PostgresCollection : ICollectionFixture<PostgresServer>
{
    public const string Name = "PostgreSQL";
}
