using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using OpenChat.Chain.Messaging.Messages;

namespace OpenChat.Chain.Messaging.Sync;

/// <summary>
/// The SQLite post store: one connection held open by the writer, and one command per statement, prepared by
/// SQLite the first time and only re-bound after that (EF Core would build, track and batch every row anew).
/// Values are bound in the formats EF Core's SQLite provider stores (Guids as upper-case text, enums as
/// integers, DateTimeOffset as Microsoft.Data.Sqlite's text), so the contexts read these rows as their own.
/// The write lock is the file's own: BEGIN IMMEDIATE, which every writer of the file takes, in any process.
/// </summary>
public sealed class SqlitePostStore(MessagingDb db, MessagingOptions options) : IPostStore
{
    public bool SharedWriters => options.SharedWriters;

    SqliteConnection? _connection;
    SqliteTransaction? _tx;
    SqliteCommand? _lastUpdateId, _lastSequences, _message, _attachment, _update, _search, _searchRow, _sequence;

    public async Task<(long? LastUpdateId, IReadOnlyDictionary<Guid, long> LastSequences)> Begin(
        bool readLastUpdateId, IReadOnlyCollection<Guid> chatIds, CancellationToken ct)
    {
        var connection = await Open(ct);
        _tx?.Dispose(); // a group begun and never appended (it failed while numbering) is rolled back
        // IMMEDIATE: take the write lock at BEGIN (waiting out busy_timeout), never fail to upgrade a read lock later.
        // It is the database-wide lock every writer of this file takes, in this process or another.
        // Synchronous calls: SQLite's async methods run synchronously anyway, and this runs on the writer's own loop.
        _tx = connection.BeginTransaction(deferred: false);
        long? lastUpdateId = null;
        if (readLastUpdateId)
        {
            _lastUpdateId!.Transaction = _tx;
            lastUpdateId = (long)_lastUpdateId.ExecuteScalar()!;
        }
        var sequences = new Dictionary<Guid, long>(chatIds.Count);
        if (chatIds.Count == 0) return (lastUpdateId, sequences);
        Bind(_lastSequences!, _tx, System.Text.Json.JsonSerializer.Serialize(chatIds.Select(Key)));
        using var reader = _lastSequences!.ExecuteReader();
        while (reader.Read()) sequences[Guid.Parse(reader.GetString(0))] = reader.GetInt64(1);
        return (lastUpdateId, sequences);
    }

    public Task Append(IReadOnlyList<(Message Message, ChatUpdate Update)> posts, IReadOnlyDictionary<Guid, long> lastSequences, CancellationToken ct)
    {
        var tx = _tx ?? throw new InvalidOperationException("Append without Begin");
        foreach (var (message, update) in posts)
        {
            Bind(_message!, tx, Key(message.Id), Key(message.ChatId), message.Sequence, Key(message.SenderId), Key(message.ClientMessageId),
                (long)message.Kind, message.Text, KeyOrNull(message.ReplyToId), KeyOrNull(message.ForwardedFromId), message.Payload, message.CreatedAt);
            _message!.ExecuteNonQuery();
            foreach (var attachment in message.Attachments)
            {
                Bind(_attachment!, tx, Key(attachment.MessageId), (long)attachment.Position, attachment.MediaId);
                _attachment!.ExecuteNonQuery();
            }
            Bind(_update!, tx, update.Id, Key(update.ChatId), (long)update.Kind, KeyOrNull(update.MessageId), KeyOrNull(update.UserId), update.At);
            _update!.ExecuteNonQuery();
            if (string.IsNullOrWhiteSpace(message.Text)) continue;
            // The FTS5 table and its side table of SqliteMessageSearch (keys there are "N"-formatted).
            Bind(_search!, tx, message.Text, message.Id.ToString("N"), message.ChatId.ToString("N"));
            _search!.ExecuteNonQuery();
            Bind(_searchRow!, tx, message.Id.ToString("N"));
            _searchRow!.ExecuteNonQuery();
        }
        foreach (var (chatId, last) in lastSequences)
        {
            Bind(_sequence!, tx, last, Key(chatId));
            _sequence!.ExecuteNonQuery();
        }
        _tx = null;
        using (tx) tx.Commit();
        return Task.CompletedTask;
    }

    async ValueTask<SqliteConnection> Open(CancellationToken ct)
    {
        if (_connection is not null) return _connection;
        // Opened through the context, so the host's connection settings (busy_timeout, synchronous) apply; kept open.
        await db.Database.OpenConnectionAsync(ct);
        _connection = (SqliteConnection)db.Database.GetDbConnection();
        _lastUpdateId = Command("""SELECT COALESCE(MAX("Id"), 0) FROM "Updates" """, 0);
        _lastSequences = Command("""SELECT "Id", "LastSequence" FROM "Chats" WHERE "Id" IN (SELECT value FROM json_each($p0))""", 1);
        _message = Command("""
            INSERT INTO "Messages" ("Id", "ChatId", "Sequence", "SenderId", "ClientMessageId", "Kind", "Text", "ReplyToId", "ForwardedFromId", "Payload", "CreatedAt", "EditedAt", "DeletedAt")
            VALUES ($p0, $p1, $p2, $p3, $p4, $p5, $p6, $p7, $p8, $p9, $p10, NULL, NULL)
            """, 11);
        _attachment = Command("""INSERT INTO "Attachment" ("MessageId", "Position", "MediaId") VALUES ($p0, $p1, $p2)""", 3);
        _update = Command("""INSERT INTO "Updates" ("Id", "ChatId", "Kind", "MessageId", "UserId", "At") VALUES ($p0, $p1, $p2, $p3, $p4, $p5)""", 6);
        // RETURNING does not work on virtual tables: the side table takes the FTS row from last_insert_rowid().
        _search = Command("INSERT INTO message_search (body, message_id, chat_id) VALUES ($p0, $p1, $p2)", 3);
        _searchRow = Command("INSERT INTO message_search_rows (message_id, row) VALUES ($p0, last_insert_rowid())", 1);
        _sequence = Command("""UPDATE "Chats" SET "LastSequence" = $p0 WHERE "Id" = $p1""", 2);
        return _connection;
    }

    SqliteCommand Command(string sql, int parameters)
    {
        var command = _connection!.CreateCommand();
        command.CommandText = sql;
        for (var i = 0; i < parameters; i++) command.Parameters.Add(new SqliteParameter($"$p{i}", null));
        return command;
    }

    static void Bind(SqliteCommand command, SqliteTransaction tx, params ReadOnlySpan<object?> values)
    {
        command.Transaction = tx;
        for (var i = 0; i < values.Length; i++) command.Parameters[i].Value = values[i] ?? DBNull.Value;
    }

    // EF Core's SQLite provider stores a Guid as its upper-case "D" text.
    static string Key(Guid id) => id.ToString().ToUpperInvariant();

    static string? KeyOrNull(Guid? id) => id is { } value ? Key(value) : null;

    public async ValueTask DisposeAsync()
    {
        if (_tx is not null) await _tx.DisposeAsync(); // rolls back a group that was begun and not appended
        _tx = null;
        foreach (var command in new[] { _lastUpdateId, _lastSequences, _message, _attachment, _update, _search, _searchRow, _sequence })
            if (command is not null) await command.DisposeAsync();
        if (_connection is not null) await db.Database.CloseConnectionAsync();
        _connection = null;
    }
}
