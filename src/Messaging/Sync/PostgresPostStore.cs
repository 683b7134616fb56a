using Microsoft.EntityFrameworkCore;
using Npgsql;
using NpgsqlTypes;
using OpenChat.Chain.Messaging.Messages;
using OpenChat.Chain.Messaging.Search;

namespace OpenChat.Chain.Messaging.Sync;

/// <summary>
/// The PostgreSQL post store: one connection held open by the writer and one batch prepared once. A group is one round
/// trip whatever its size: BEGIN, the writers' advisory lock, one statement that numbers the group on the server (each
/// chat's next sequences from its last, update ids from the highest committed one, in the group's order) and inserts
/// the messages and update-log rows and moves each chat's last sequence on, the attachments and search rows, the
/// identity's catch-up, COMMIT. The lock is held for the server's work only, never across a round trip to this process:
/// with several instances on a busy machine, a writer holding the lock while its process waited for a core made every
/// other instance's writer wait as long (the cluster bench's refusals, issue 15). Values go in the types the Npgsql EF
/// provider maps MessagingDb to (uuid, bigint, integer enums, timestamptz in UTC, text), into unqualified tables: the
/// host's connection string puts <c>messaging</c> on the search path.
/// </summary>
public sealed class PostgresPostStore(MessagingDb db) : IPostStore
{
    // Other instances may write the same database: the numbers are always the database's.
    public bool SharedWriters => true;

    public bool NumbersOnCommit => true;

    NpgsqlConnection? _connection;
    NpgsqlBatch? _commit;
    bool _open; // a group whose batch failed part-way leaves its transaction open (aborted) until rolled back

    public Task<(long? LastUpdateId, IReadOnlyDictionary<Guid, long> LastSequences)> Begin(
        bool readLastUpdateId, IReadOnlyCollection<Guid> chatIds, CancellationToken ct) =>
        throw new NotSupportedException("PostgreSQL numbers a group in its commit (Commit)");

    public Task Append(IReadOnlyList<(Message Message, ChatUpdate Update)> posts, IReadOnlyDictionary<Guid, long> lastSequences, CancellationToken ct) =>
        throw new NotSupportedException("PostgreSQL numbers a group in its commit (Commit)");

    public async Task<IReadOnlyList<(long Sequence, long UpdateId)>> Commit(IReadOnlyList<Message> messages, CancellationToken ct)
    {
        await Open(ct);
        if (_open) await Rollback(ct);
        var attachments = messages.SelectMany(m => m.Attachments).ToList();
        var searched = messages.Select(m => (m.Id, m.ChatId, Document: PostgresMessageSearch.Document(m.Text))).Where(s => s.Document is not null).ToList();
        var commands = _commit!.BatchCommands;
        Set(commands[2], messages.Select(m => m.Id).ToArray(), messages.Select(m => m.ChatId).ToArray(),
            messages.Select(m => m.SenderId).ToArray(), messages.Select(m => m.ClientMessageId).ToArray(), messages.Select(m => (int)m.Kind).ToArray(),
            messages.Select(m => m.Text).ToArray(), messages.Select(m => m.ReplyToId).ToArray(), messages.Select(m => m.ForwardedFromId).ToArray(),
            messages.Select(m => m.Payload).ToArray(), messages.Select(m => m.CreatedAt).ToArray(), (int)UpdateKind.MessagePosted);
        Set(commands[3], attachments.Select(a => a.MessageId).ToArray(), attachments.Select(a => a.Position).ToArray(), attachments.Select(a => a.MediaId).ToArray());
        Set(commands[4], searched.Select(s => s.Id).ToArray(), searched.Select(s => s.ChatId).ToArray(), searched.Select(s => s.Document!).ToArray());
        var numbers = new List<(long, long)>(messages.Count);
        _open = true;
        await using (var reader = await _commit.ExecuteReaderAsync(ct))
        {
            // The reader starts at the first statement that returns rows (BEGIN returns none): the lock's one empty row.
            await reader.NextResultAsync(ct);
            while (await reader.ReadAsync(ct)) numbers.Add((reader.GetInt64(0), reader.GetInt64(1)));
            while (await reader.NextResultAsync(ct)) { } // the rest, through COMMIT: an error in any of them is thrown here
        }
        _open = false;
        // A chat that does not exist numbers no row and fails its message's NOT NULL sequence, so every message is here.
        return numbers.Count == messages.Count ? numbers : throw new InvalidOperationException($"{messages.Count} messages, {numbers.Count} numbered");
    }

    async Task Rollback(CancellationToken ct)
    {
        await using var rollback = new NpgsqlCommand("ROLLBACK", _connection);
        await rollback.ExecuteNonQueryAsync(ct);
        _open = false;
    }

    async ValueTask Open(CancellationToken ct)
    {
        if (_connection is not null) return;
        // Opened through the context, so the host's connection string (search path, pool) applies; kept open.
        await db.Database.OpenConnectionAsync(ct);
        _connection = (NpgsqlConnection)db.Database.GetDbConnection();
        // BEGIN and COMMIT are statements of the batch (not an NpgsqlTransaction, which commits in a round trip of its
        // own). An error skips the rest of the batch, COMMIT included: the aborted transaction is rolled back before
        // the next group or when the store is disposed.
        _commit = Batch(
            ("BEGIN", []),
            (PostgresWriteLock.Sql, []),
            // Read committed: this statement's snapshot is taken after the lock is granted, so it sees every group
            // committed before, by any writer. The sub-statements share that snapshot and "numbered" is computed once.
            ("""
             WITH input AS (
                 SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::uuid[], $5::integer[], $6::text[], $7::uuid[], $8::uuid[], $9::text[], $10::timestamptz[])
                     WITH ORDINALITY AS t(id, chat_id, sender_id, client_id, kind, text, reply_to, forwarded_from, payload, created_at, ord)
             ),
             numbered AS (
                 SELECT i.*, c."LastSequence" + row_number() OVER (PARTITION BY i.chat_id ORDER BY i.ord) AS sequence,
                        (SELECT COALESCE(MAX("Id"), 0) FROM "Updates") + i.ord AS update_id
                 FROM input i LEFT JOIN "Chats" c ON c."Id" = i.chat_id
             ),
             messages AS (
                 INSERT INTO "Messages" ("Id", "ChatId", "Sequence", "SenderId", "ClientMessageId", "Kind", "Text", "ReplyToId", "ForwardedFromId", "Payload", "CreatedAt")
                 SELECT id, chat_id, sequence, sender_id, client_id, kind, text, reply_to, forwarded_from, payload, created_at FROM numbered
             ),
             updates AS (
                 INSERT INTO "Updates" ("Id", "ChatId", "Kind", "MessageId", "UserId", "At")
                 SELECT update_id, chat_id, $11, id, NULL, created_at FROM numbered
             ),
             chats AS (
                 UPDATE "Chats" AS c SET "LastSequence" = n.last
                 FROM (SELECT chat_id, MAX(sequence) AS last FROM numbered GROUP BY chat_id) AS n WHERE c."Id" = n.chat_id
             )
             SELECT sequence, update_id FROM numbered ORDER BY ord
             """, [Uuids, Uuids, Uuids, Uuids, Ints, Texts, Uuids, Uuids, Texts, Times, NpgsqlDbType.Integer]),
            ("""INSERT INTO "Attachment" ("MessageId", "Position", "MediaId") SELECT * FROM unnest($1::uuid[], $2::integer[], $3::text[])""",
                [Uuids, Ints, Texts]),
            (PostgresMessageSearch.Rows.Insert, [Uuids, Uuids, Texts]),
            // The ids above were numbered here, not drawn from the column's identity: move it on, so a save through
            // EF Core (which draws from it, under the same lock) continues after them.
            ("""SELECT setval(pg_get_serial_sequence('"Updates"', 'Id'), (SELECT MAX("Id") FROM "Updates"))""", []),
            ("COMMIT", []));
        await _commit.PrepareAsync(ct);
    }

    const NpgsqlDbType Uuids = NpgsqlDbType.Array | NpgsqlDbType.Uuid,
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
        if (_open && _connection is { State: System.Data.ConnectionState.Open })
        {
            try { await Rollback(CancellationToken.None); }
            catch (NpgsqlException) { } // a broken connection: the server rolls back when it goes
        }
        if (_commit is not null) await _commit.DisposeAsync();
        _commit = null;
        if (_connection is not null) await db.Database.CloseConnectionAsync();
        _connection = null;
    }
}
