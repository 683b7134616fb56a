using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Npgsql;

namespace OpenChat.Chain.Messaging.Sync;

/// <summary>
/// On PostgreSQL, every MessagingDb save runs in a transaction and every MessagingDb transaction first takes the
/// writers' advisory lock, the one <see cref="PostgresPostStore"/> takes for a group commit. So an update id drawn
/// from the table's identity by a save in <see cref="UpdateLog.Write{T}(Func{CancellationToken, Task{T}}, CancellationToken)"/>
/// commits before any other writer, on any instance, numbers the next one (see <see cref="UpdateLog"/>). Registered
/// for every provider; on SQLite it does nothing (a SQLite write transaction is the file's lock already).
/// </summary>
sealed class PostgresWriteLock : ISaveChangesInterceptor, IDbTransactionInterceptor
{
    public static readonly PostgresWriteLock Instance = new();

    /// <summary>"MSGWRITE" in ASCII: one key for every writer of Messaging's tables in this database.</summary>
    public const long Key = 0x4D53_4757_5249_5445;

    public static readonly string Sql = $"SELECT pg_advisory_xact_lock({Key})";

    // A single-statement save would otherwise run without a transaction, so without the lock.
    public InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        if (eventData.Context!.Database.IsNpgsql()) eventData.Context.Database.AutoTransactionBehavior = AutoTransactionBehavior.Always;
        return result;
    }

    public ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken ct = default) =>
        ValueTask.FromResult(SavingChanges(eventData, result));

    public DbTransaction TransactionStarted(DbConnection connection, TransactionEndEventData eventData, DbTransaction result)
    {
        if (connection is not NpgsqlConnection) return result;
        using var command = connection.CreateCommand();
        command.Transaction = result;
        command.CommandText = Sql;
        command.ExecuteNonQuery();
        return result;
    }

    public async ValueTask<DbTransaction> TransactionStartedAsync(DbConnection connection, TransactionEndEventData eventData, DbTransaction result, CancellationToken ct = default)
    {
        if (connection is not NpgsqlConnection) return result;
        await using var command = connection.CreateCommand();
        command.Transaction = result;
        command.CommandText = Sql;
        await command.ExecuteNonQueryAsync(ct);
        return result;
    }
}
