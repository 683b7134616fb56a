using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;
using SQLitePCL;

namespace OpenChat.Chain.Api.Storage;

/// <summary>
/// Per-connection SQLite settings. busy_timeout: a writer waiting for the lock is woken by SQLite's own
/// short back-off instead of Microsoft.Data.Sqlite's 150 ms sleeps. synchronous=NORMAL in WAL mode: a commit
/// survives a crash of this process (the exactly-once guarantees assume that), and skips the fsync per commit
/// that only an operating-system crash or power loss would need.
///
/// Pragmas belong to the physical connection, and the pool hands the same one out again and again (EF Core opens and
/// closes a connection around nearly every query): each is set up once, remembered by its sqlite3 handle, instead of on
/// every open (3 % of the service's CPU under bench/Sending.Bench, issue 20).
/// </summary>
sealed class SqlitePragmas : DbConnectionInterceptor
{
    const string Pragmas = "PRAGMA busy_timeout = 10000; PRAGMA synchronous = NORMAL;";
    static readonly object Done = new();
    readonly ConditionalWeakTable<sqlite3, object> _set = new();

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        if (!FirstOpen(connection)) return;
        using var command = connection.CreateCommand();
        command.CommandText = Pragmas;
        command.ExecuteNonQuery();
        Remember(connection);
    }

    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken ct = default)
    {
        if (!FirstOpen(connection)) return;
        await using var command = connection.CreateCommand();
        command.CommandText = Pragmas;
        await command.ExecuteNonQueryAsync(ct);
        Remember(connection);
    }

    // A connection of another kind (none today) is set up on every open, as before.
    bool FirstOpen(DbConnection connection) => connection is not SqliteConnection { Handle: { } handle } || !_set.TryGetValue(handle, out _);

    // Only after the pragmas ran: a failed attempt is made again on the next open.
    void Remember(DbConnection connection)
    {
        if (connection is SqliteConnection { Handle: { } handle }) _set.AddOrUpdate(handle, Done);
    }
}
