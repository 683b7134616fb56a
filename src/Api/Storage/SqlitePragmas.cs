using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace OpenChat.Chain.Api.Storage;

/// <summary>
/// Per-connection SQLite settings. busy_timeout: a writer waiting for the lock is woken by SQLite's own
/// short back-off instead of Microsoft.Data.Sqlite's 150 ms sleeps. synchronous=NORMAL in WAL mode: a commit
/// survives a crash of this process (the exactly-once guarantees assume that), and skips the fsync per commit
/// that only an operating-system crash or power loss would need.
/// </summary>
sealed class SqlitePragmas : DbConnectionInterceptor
{
    const string Pragmas = "PRAGMA busy_timeout = 10000; PRAGMA synchronous = NORMAL;";

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        using var command = connection.CreateCommand();
        command.CommandText = Pragmas;
        command.ExecuteNonQuery();
    }

    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken ct = default)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = Pragmas;
        await command.ExecuteNonQueryAsync(ct);
    }
}
