using Microsoft.Extensions.Logging;
using Npgsql;
using OpenChat.Chain.Api.Tests.Support;

namespace OpenChat.Chain.Api.Tests.Cluster;

/// <summary>A deployment's first start on an empty PostgreSQL database: an ordinary event, ready for a burst once healthy.</summary>
[Collection(PostgresCollection.Name)]
public sealed class FreshStartTests(PostgresServer postgres)
{
    [Fact]
    public async Task FirstStart_OnAnEmptyPostgresDatabase_LogsNoError_AndHasItsWarmConnectionsOpen()
    {
        var ct = TestContext.Current.CancellationToken;
        var database = await postgres.CreateEmptyDatabase();
        await using var api = new ApiFactory
        {
            Settings = new Dictionary<string, string>
            {
                ["Database:Provider"] = "Postgres", ["ConnectionStrings:Default"] = database, ["Database:WarmConnections"] = "4",
            },
        };

        // Healthy comes after the migrations, the search index, the warm-up and the deployment: what they logged is in by then.
        var health = await api.WaitUntilHealthyAsync(TimeSpan.FromSeconds(90));
        Assert.True(health.IsSuccessStatusCode, await health.Content.ReadAsStringAsync(ct));
        Assert.Empty(api.Logs.Entries.Where(e => e.Level >= LogLevel.Error).Select(e => $"{e.Category}: {e.Message}"));

        // Messaging's and Identity's pools each keep their 4 backends open (a burst finds them forked and their caches loaded).
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync(ct);
        await using var backends = new NpgsqlCommand("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()", connection);
        Assert.True((long)(await backends.ExecuteScalarAsync(ct))! >= 8);
    }
}
