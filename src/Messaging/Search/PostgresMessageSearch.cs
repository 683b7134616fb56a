using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using NpgsqlTypes;
using OpenChat.Chain.Messaging.Messages;

namespace OpenChat.Chain.Messaging.Search;

/// <summary>
/// The PostgreSQL adapter: a <c>tsvector</c> per message in a side table with a GIN index, written on the context's
/// own connection (inside the caller's transaction). The words are cut and folded here, the way the SQLite adapter's
/// FTS5 <c>unicode61 remove_diacritics 2</c> tokenizer does it (letters, digits and marks make a word; lower case;
/// Latin diacritics dropped), and handed over as <c>tsvector</c> and <c>tsquery</c> literals, never through a
/// text-search parser or dictionary: the answer is language-neutral, the same for every database locale (a
/// <c>C</c>-locale parser drops CJK) and the same as FTS5's on the same text. A run of CJK characters is one word,
/// as in FTS5, and the last word of a query also matches as a prefix.
/// </summary>
public sealed class PostgresMessageSearch(MessagingDb db) : IMessageSearch
{
    public Task EnsureCreated(CancellationToken ct) => db.Database.ExecuteSqlRawAsync("""
        CREATE TABLE IF NOT EXISTS message_search (message_id uuid PRIMARY KEY, chat_id uuid NOT NULL, document tsvector NOT NULL);
        CREATE INDEX IF NOT EXISTS message_search_document ON message_search USING gin (document);
        """, ct);

    public async Task Index(Message message, CancellationToken ct)
    {
        var document = Document(message.IsDeleted ? null : message.Text);
        if (document is null)
        {
            await Remove(message.Id, ct);
            return;
        }
        await db.Database.ExecuteSqlInterpolatedAsync($"""
            INSERT INTO message_search (message_id, chat_id, document) VALUES ({message.Id}, {message.ChatId}, {document}::tsvector)
            ON CONFLICT (message_id) DO UPDATE SET document = excluded.document
            """, ct);
    }

    public async Task Index(IReadOnlyList<Message> messages, CancellationToken ct)
    {
        var rows = messages.Select(m => (m.Id, m.ChatId, Document: m.IsDeleted ? null : Document(m.Text))).Where(r => r.Document is not null).ToList();
        if (rows.Count == 0) return;
        await db.Database.ExecuteSqlRawAsync(Rows.Insert, [Rows.Ids(rows.Select(r => r.Id)), Rows.Ids(rows.Select(r => r.ChatId)),
            Rows.Documents(rows.Select(r => r.Document!))], ct);
    }

    public Task Remove(Guid messageId, CancellationToken ct) =>
        db.Database.ExecuteSqlInterpolatedAsync($"DELETE FROM message_search WHERE message_id = {messageId}", ct);

    public async Task<IReadOnlyList<Guid>> Find(IReadOnlyCollection<Guid> chatIds, string query, int limit, CancellationToken ct)
    {
        var match = Query(query);
        if (match is null || chatIds.Count == 0) return [];
        // The chat filter is applied inside the query: rows of other chats never leave the database.
        var chats = chatIds.ToArray();
        return await db.Database.SqlQuery<Guid>($"""
            SELECT message_id AS "Value" FROM message_search
            WHERE document @@ {match}::tsquery AND chat_id = ANY({chats})
            ORDER BY ts_rank(document, {match}::tsquery) DESC, message_id LIMIT {limit}
            """).ToListAsync(ct);
    }

    /// <summary>The group commit's insert of search rows (the post store adds it to its batch), one array per column.</summary>
    internal static class Rows
    {
        public const string Insert = """
            INSERT INTO message_search (message_id, chat_id, document) SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::text[]::tsvector[])
            """;

        public static NpgsqlParameter Ids(IEnumerable<Guid> ids) => new() { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Uuid, Value = ids.ToArray() };

        public static NpgsqlParameter Documents(IEnumerable<string> documents) =>
            new() { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text, Value = documents.ToArray() };
    }

    // PostgreSQL keeps at most 256 positions per lexeme and positions up to 16,383; a lexeme is under 2 KiB.
    const int MaxPositions = 255, MaxPosition = 16_383, MaxWordChars = 500;

    /// <summary>A message's words as a <c>tsvector</c> literal (each word with its positions), or null when it has none.</summary>
    internal static string? Document(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        var positions = new Dictionary<string, List<int>>();
        var position = 0;
        foreach (var word in Words(text))
        {
            position = Math.Min(position + 1, MaxPosition);
            if (!positions.TryGetValue(word, out var at)) positions[word] = at = [];
            if (at.Count < MaxPositions) at.Add(position);
        }
        if (positions.Count == 0) return null;
        var document = new StringBuilder();
        foreach (var (word, at) in positions)
            document.Append(document.Length == 0 ? "" : " ").Append('\'').Append(word).Append("':").AppendJoin(',', at);
        return document.ToString();
    }

    /// <summary>
    /// The user's words as a <c>tsquery</c> literal: every whitespace-separated token must match (the words inside one,
    /// such as "foo-bar", as a phrase), and the last word also as a prefix. Security: only folded letters, digits and
    /// marks reach the literal, so nothing the user types is query syntax (no quote, backslash, operator or weight).
    /// </summary>
    internal static string? Query(string query)
    {
        var expression = new StringBuilder();
        var tokens = 0;
        foreach (var token in query.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))
        {
            var words = Words(token).ToList();
            if (words.Count == 0) continue;
            if (expression.Length > 0) expression.Append(" & ");
            expression.AppendJoin(" <-> ", words.Select(w => $"'{w}'"));
            if (++tokens == 16) break;
        }
        return expression.Length == 0 ? null : expression.Append(":*").ToString();
    }

    static IEnumerable<string> Words(string text)
    {
        var word = new StringBuilder();
        foreach (var rune in text.EnumerateRunes()) // a lone surrogate comes out as U+FFFD: a separator
        {
            if (SqliteMessageSearch.IsWordRune(rune))
            {
                word.Append(rune.ToString());
                continue;
            }
            if (Fold(word) is { } done) yield return done;
            word.Clear();
        }
        if (Fold(word) is { } last) yield return last;
    }

    /// <summary>Lower case without the Latin combining diacritics (U+0300–U+036F), as FTS5's remove_diacritics 2 folds.</summary>
    static string? Fold(StringBuilder word)
    {
        if (word.Length == 0) return null;
        var folded = new StringBuilder(word.Length);
        foreach (var c in word.ToString().ToLowerInvariant().Normalize(NormalizationForm.FormD))
            if (c is < '\u0300' or > '\u036F') folded.Append(c);
        var result = folded.ToString().Normalize(NormalizationForm.FormC);
        if (result.Length > MaxWordChars) result = result[..(char.IsHighSurrogate(result[MaxWordChars - 1]) ? MaxWordChars - 1 : MaxWordChars)];
        return result.Length == 0 ? null : result;
    }
}
