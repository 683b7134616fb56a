using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using OpenChat.Chain.Messaging.Messages;

namespace OpenChat.Chain.Messaging.Search;

/// <summary>The SQLite adapter: an FTS5 table beside the messages, written on the DbContext's own connection.</summary>
public sealed class SqliteMessageSearch(MessagingDb db) : IMessageSearch
{
    // FTS5 indexes words, not the message id column: a side table maps each message to its FTS row, so
    // replacing or removing one message's text is an indexed lookup, not a scan of the whole index.
    public async Task EnsureCreated(CancellationToken ct)
    {
        await db.Database.ExecuteSqlRawAsync(
            "CREATE VIRTUAL TABLE IF NOT EXISTS message_search USING fts5(body, message_id UNINDEXED, chat_id UNINDEXED, tokenize = 'unicode61 remove_diacritics 2')", ct);
        await db.Database.ExecuteSqlRawAsync(
            "CREATE TABLE IF NOT EXISTS message_search_rows (message_id TEXT PRIMARY KEY, row INTEGER NOT NULL) WITHOUT ROWID", ct);
    }

    public async Task Index(Message message, CancellationToken ct)
    {
        if (message.EditedAt is not null || message.IsDeleted) await Remove(message.Id, ct); // a new message has no row yet
        if (string.IsNullOrWhiteSpace(message.Text) || message.IsDeleted) return;
        await db.Database.ExecuteSqlInterpolatedAsync($"""
            INSERT INTO message_search (body, message_id, chat_id) VALUES ({message.Text}, {Key(message.Id)}, {Key(message.ChatId)});
            INSERT INTO message_search_rows (message_id, row) VALUES ({Key(message.Id)}, last_insert_rowid());
            """, ct);
    }

    public async Task Index(IReadOnlyList<Message> messages, CancellationToken ct)
    {
        // A group commit's messages in a few statements on the transaction's connection; a new message has no row yet.
        var rows = messages.Where(m => !string.IsNullOrWhiteSpace(m.Text) && !m.IsDeleted).ToList();
        const int PerCommand = 400;
        for (var start = 0; start < rows.Count; start += PerCommand)
        {
            await using var command = db.Database.GetDbConnection().CreateCommand();
            command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
            var sql = new StringBuilder();
            for (var i = start; i < Math.Min(rows.Count, start + PerCommand); i++)
            {
                sql.Append($"INSERT INTO message_search (body, message_id, chat_id) VALUES ($b{i}, $m{i}, $c{i});")
                    .Append($"INSERT INTO message_search_rows (message_id, row) VALUES ($m{i}, last_insert_rowid());");
                Parameter(command, $"$b{i}", rows[i].Text!);
                Parameter(command, $"$m{i}", Key(rows[i].Id));
                Parameter(command, $"$c{i}", Key(rows[i].ChatId));
            }
            command.CommandText = sql.ToString();
            await command.ExecuteNonQueryAsync(ct);
        }
    }

    static void Parameter(System.Data.Common.DbCommand command, string name, string value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }

    public Task Remove(Guid messageId, CancellationToken ct) => db.Database.ExecuteSqlInterpolatedAsync($"""
        DELETE FROM message_search WHERE rowid = (SELECT row FROM message_search_rows WHERE message_id = {Key(messageId)});
        DELETE FROM message_search_rows WHERE message_id = {Key(messageId)};
        """, ct);

    public async Task<IReadOnlyList<Guid>> Find(IReadOnlyCollection<Guid> chatIds, string query, int limit, CancellationToken ct)
    {
        var match = ToMatchExpression(query);
        if (match.Length == 0 || chatIds.Count == 0) return [];
        // The chat filter is applied inside the query: rows of other chats never leave the database.
        var chats = System.Text.Json.JsonSerializer.Serialize(chatIds.Select(Key));
        var ids = await db.Database.SqlQuery<string>(
                $"SELECT message_id AS Value FROM message_search WHERE message_search MATCH {match} AND chat_id IN (SELECT value FROM json_each({chats})) ORDER BY rank LIMIT {limit}")
            .ToListAsync(ct);
        return ids.Select(Guid.Parse).ToList();
    }

    static string Key(Guid id) => id.ToString("N");

    /// <summary>
    /// The user's words as quoted FTS5 phrases; the last one also matches as a prefix. Security: inside a word only
    /// letters, digits and marks are kept (what the unicode61 tokenizer indexes); quotes, NUL, '*', '(' and the like
    /// become spaces, so nothing the user types reaches SQLite as FTS5 syntax.
    /// </summary>
    static string ToMatchExpression(string query)
    {
        var expression = new StringBuilder();
        var words = 0;
        foreach (var token in query.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))
        {
            var word = new StringBuilder();
            foreach (var rune in token.EnumerateRunes()) // a lone surrogate comes out as U+FFFD: a space
                word.Append(IsWordRune(rune) ? rune.ToString() : " ");
            var phrase = word.ToString().Trim();
            if (phrase.Length == 0) continue;
            if (expression.Length > 0) expression.Append(' ');
            expression.Append('"').Append(phrase).Append('"');
            if (++words == 16) break;
        }
        return expression.Length == 0 ? "" : expression.Append('*').ToString();
    }

    internal static bool IsWordRune(Rune rune) => Rune.IsLetterOrDigit(rune)
        || Rune.GetUnicodeCategory(rune) is System.Globalization.UnicodeCategory.NonSpacingMark or System.Globalization.UnicodeCategory.SpacingCombiningMark;
}
