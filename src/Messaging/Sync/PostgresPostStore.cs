using Microsoft.EntityFrameworkCore;
using Npgsql;
using NpgsqlTypes;
using OpenChat.Chain.Messaging.Messages;
using OpenChat.Chain.Messaging.Search;

namespace OpenChat.Chain.Messaging.Sync;

/// <summary>
/// The PostgreSQL post store: one connection held open by the writer and two batches prepared once. A group is three
/// round trips whatever its size: BEGIN with the advisory lock and both reads, then one multi-row insert per table
/// (<c>unnest</c> of one array per column) with the chats' sequences and the identity's catch-up, then COMMIT.
/// Values go in the types the Npgsql EF provider maps MessagingDb to (uuid, bigint, integer enums, timestamptz in
/// UTC, text), into unqualified tables: the host's connection string puts <c>messaging</c> on the search path.
/// </summary>
public sealed class PostgresPostStore(MessagingDb db) : IPostStore
{
    // Other instances may write the same database: the numbers are always read again under the lock.
    public bool SharedWriters => true;

    NpgsqlConnection? _connection;
    NpgsqlTransaction? _tx;
    NpgsqlBatch? _begin, _append;

    public async Task<(long? LastUpdateId, IReadOnlyDictionary<Guid, long> LastSequences)> Begin(
        bool readLastUpdateId, IReadOnlyCollection<Guid> chatIds, CancellationToken ct)
    {
        await Open(ct);
        if (_tx is not null) await _tx.DisposeAsync(); // a group begun and never appended (it failed while numbering) is rolled back
        _tx = await _connection!.BeginTransactionAsync(ct); // BEGIN goes out with the batch below
        _begin!.Transaction = _tx;
        _begin.BatchCommands[2].Parameters[0].Value = chatIds.ToArray();
        await using var reader = await _begin.ExecuteReaderAsync(ct);
        await reader.NextResultAsync(ct); // past the lock's one empty row
        await reader.ReadAsync(ct);
        var lastUpdateId = reader.GetInt64(0);
        await reader.NextResultAsync(ct);
        var sequences = new Dictionary<Guid, long>(chatIds.Count);
        while (await reader.ReadAsync(ct)) sequences[reader.GetGuid(0)] = reader.GetInt64(1);
        return (lastUpdateId, sequences);
    }

    public async Task Append(IReadOnlyList<(Message Message, ChatUpdate Update)> posts, IReadOnlyDictionary<Guid, long> lastSequences, CancellationToken ct)
    {
        var tx = _tx ?? throw new InvalidOperationException("Append without Begin");
        var messages = posts.Select(p => p.Message).ToList();
        var attachments = messages.SelectMany(m => m.Attachments).ToList();
        var updates = posts.Select(p => p.Update).ToList();
        var searched = messages.Select(m => (m.Id, m.ChatId, Document: PostgresMessageSearch.Document(m.Text))).Where(s => s.Document is not null).ToList();
        var commands = _append!.BatchCommands;
        Set(commands[0], messages.Select(m => m.Id).ToArray(), messages.Select(m => m.ChatId).ToArray(), messages.Select(m => m.Sequence).ToArray(),
            messages.Select(m => m.SenderId).ToArray(), messages.Select(m => m.ClientMessageId).ToArray(), messages.Select(m => (int)m.Kind).ToArray(),
            messages.Select(m => m.Text).ToArray(), messages.Select(m => m.ReplyToId).ToArray(), messages.Select(m => m.ForwardedFromId).ToArray(),
            messages.Select(m => m.Payload).ToArray(), messages.Select(m => m.CreatedAt).ToArray());
        Set(commands[1], attachments.Select(a => a.MessageId).ToArray(), attachments.Select(a => a.Position).ToArray(), attachments.Select(a => a.MediaId).ToArray());
        Set(commands[2], updates.Select(u => u.Id).ToArray(), updates.Select(u => u.ChatId).ToArray(), updates.Select(u => (int)u.Kind).ToArray(),
            updates.Select(u => u.MessageId).ToArray(), updates.Select(u => u.UserId).ToArray(), updates.Select(u => u.At).ToArray());
        Set(commands[3], searched.Select(s => s.Id).ToArray(), searched.Select(s => s.ChatId).ToArray(), searched.Select(s => s.Document!).ToArray());
        Set(commands[4], lastSequences.Keys.ToArray(), lastSequences.Values.ToArray());
        Set(commands[5], updates.Max(u => u.Id));
        _append.Transaction = tx;
        await _append.ExecuteNonQueryAsync(ct);
        _tx = null;
        await using (tx) await tx.CommitAsync(ct);
    }

    async ValueTask Open(CancellationToken ct)
    {
        if (_connection is not null) return;
        // Opened through the context, so the host's connection string (search path, pool) applies; kept open.
        await db.Database.OpenConnectionAsync(ct);
        _connection = (NpgsqlConnection)db.Database.GetDbConnection();
        _begin = Batch(
            (PostgresWriteLock.Sql, []),
            ("""SELECT COALESCE(MAX("Id"), 0) FROM "Updates" """, []),
            ("""SELECT "Id", "LastSequence" FROM "Chats" WHERE "Id" = ANY($1)""", [Uuids]));
        _append = Batch(
            ("""
             INSERT INTO "Messages" ("Id", "ChatId", "Sequence", "SenderId", "ClientMessageId", "Kind", "Text", "ReplyToId", "ForwardedFromId", "Payload", "CreatedAt")
             SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::bigint[], $4::uuid[], $5::uuid[], $6::integer[], $7::text[], $8::uuid[], $9::uuid[], $10::text[], $11::timestamptz[])
             """, [Uuids, Uuids, Longs, Uuids, Uuids, Ints, Texts, Uuids, Uuids, Texts, Times]),
            ("""INSERT INTO "Attachment" ("MessageId", "Position", "MediaId") SELECT * FROM unnest($1::uuid[], $2::integer[], $3::text[])""",
                [Uuids, Ints, Texts]),
            ("""
             INSERT INTO "Updates" ("Id", "ChatId", "Kind", "MessageId", "UserId", "At")
             SELECT * FROM unnest($1::bigint[], $2::uuid[], $3::integer[], $4::uuid[], $5::uuid[], $6::timestamptz[])
             """, [Longs, Uuids, Ints, Uuids, Uuids, Times]),
            (PostgresMessageSearch.Rows.Insert, [Uuids, Uuids, Texts]),
            ("""UPDATE "Chats" AS c SET "LastSequence" = v.last FROM unnest($1::uuid[], $2::bigint[]) AS v(id, last) WHERE c."Id" = v.id""",
                [Uuids, Longs]),
            // The ids above were numbered here, not drawn from the column's identity: move it on, so a save through
            // EF Core (which draws from it, under the same lock) continues after them.
            ("""SELECT setval(pg_get_serial_sequence('"Updates"', 'Id'), $1)""", [NpgsqlDbType.Bigint]));
        await _begin.PrepareAsync(ct);
        await _append.PrepareAsync(ct);
    }

    const NpgsqlDbType Uuids = NpgsqlDbType.Array | NpgsqlDbType.Uuid, Longs = NpgsqlDbType.Array | NpgsqlDbType.Bigint,
        Ints = NpgsqlDbType.Array | NpgsqlDbType.Integer, Texts = NpgsqlDbType.Array | NpgsqlDbType.Text,
        Times = NpgsqlDbType.Array | NpgsqlDbType.TimestampTz;

    NpgsqlBatch Batch(params (string Sql, NpgsqlDbType[] Types)[] statements)
    {
        var batch = new NpgsqlBatch(_connection);
        foreach (var (sql, types) in statements)
        {
            var command = new NpgsqlBatchCommand(sql);
            foreach (var type in types) command.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = type, Value = DBNull.Value });
            batch.BatchCommands.Add(command);
        }
        return batch;
    }

    static void Set(NpgsqlBatchCommand command, params object[] values)
    {
        for (var i = 0; i < values.Length; i++) command.Parameters[i].Value = values[i];
    }

    public async ValueTask DisposeAsync()
    {
        if (_tx is not null) await _tx.DisposeAsync(); // rolls back a group that was begun and not appended
        _tx = null;
        if (_begin is not null) await _begin.DisposeAsync();
        if (_append is not null) await _append.DisposeAsync();
        (_begin, _append) = (null, null);
        if (_connection is not null) await db.Database.CloseConnectionAsync();
        _connection = null;
    }
}
