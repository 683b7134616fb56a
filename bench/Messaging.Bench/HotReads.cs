using System.Diagnostics;
using System.Globalization;
using Microsoft.Data.Sqlite;

namespace OpenChat.Chain.Messaging.Bench;

/// <summary>
/// The reads that must stay fast on a big history: a million messages are written straight into the service's
/// SQLite file (rows shaped exactly like the service's own, copied from one it stored, with their update-log and
/// search-index rows), spread over ten groups of one reader; then search, catch-up and history are timed
/// through the API.
/// </summary>
static class HotReads
{
    const int Chats = 10;

    sealed record UpdatePage(IReadOnlyList<UpdateRow> Updates, long Cursor, bool HasMore);
    sealed record UpdateRow(long Id);
    sealed record MessageRow(Guid Id, long Sequence);

    public static async Task RunAsync(ServiceProcess service, HttpClient http, IReadOnlyList<BenchUser> users, int count, CancellationToken ct)
    {
        var reader = users[0];
        var words = Vocabulary();
        var random = new Random(19);
        var chats = new List<(Guid Id, MessageRow Template)>();
        for (var k = 0; k < Chats; k++)
        {
            var chat = await Rest.PostAsync<ChatReply>(http, "api/chats/groups", new CreateGroupBody($"archive {k}", [users[1 + k].Id]), reader.Token, ct);
            var template = await Rest.PostAsync<MessageRow>(http, $"api/chats/{chat.Id}/messages", new SendMessageBody(Guid.NewGuid(), "template"), reader.Token, ct);
            chats.Add((chat.Id, template));
        }

        var seeding = Stopwatch.StartNew();
        await SeedAsync(Path.Combine(service.DataDirectory, "openchat.db"), chats, count, words, random, ct);
        Console.WriteLine($"    seeded {count:N0} messages (with update-log and search rows) into {Chats} chats in {seeding.Elapsed.TotalSeconds:N0} s");

        // Search: single words and two-word phrases a person might type, over every chat of the reader.
        var searches = new List<double>();
        for (var i = 0; i < 200; i++)
        {
            var q = i % 2 == 0 ? words[random.Next(words.Length)] : $"{words[random.Next(words.Length)]} {words[random.Next(words.Length)][..3]}";
            searches.Add(await TimeAsync(() => Rest.GetAsync<IReadOnlyList<MessageRow>>(http, $"api/search?q={Uri.EscapeDataString(q)}&limit=50", reader.Token, ct)));
        }

        // History pages anywhere in a chat.
        var pages = new List<double>();
        for (var i = 0; i < 300; i++)
        {
            var (chatId, _) = chats[random.Next(Chats)];
            var before = random.Next(60, count / Chats);
            pages.Add(await TimeAsync(() => Rest.GetAsync<IReadOnlyList<MessageRow>>(http, $"api/chats/{chatId}/messages?before={before}&limit=50", reader.Token, ct)));
        }

        // Catch-up: a device whose cursor is 10,000 updates behind pulls pages of 1,000 until it is current.
        var latest = (await Rest.GetAsync<UpdatePage>(http, "api/sync?after=0&limit=1", reader.Token, ct)).Cursor;
        var head = await LastUpdateIdAsync(Path.Combine(service.DataDirectory, "openchat.db"), ct);
        var catchUps = new List<double>();
        for (var run = 0; run < 5; run++)
        {
            var received = 0;
            var elapsed = await TimeAsync(async () =>
            {
                var cursor = head - 10_000;
                UpdatePage page;
                do
                {
                    page = await Rest.GetAsync<UpdatePage>(http, $"api/sync?after={cursor}&limit=1000", reader.Token, ct);
                    received += page.Updates.Count;
                    cursor = page.Cursor;
                } while (page.HasMore);
            });
            if (received != 10_000) Console.WriteLine($"    catch-up received {received:N0} updates, expected 10,000");
            catchUps.Add(elapsed);
        }
        _ = latest;

        Console.WriteLine($"    search over {count:N0} messages (200 queries):   p50 {P(searches, 0.5),7} ms  p99 {P(searches, 0.99),7} ms   (aim ≤ 50 ms p99) {(Pct(searches, 0.99) <= 50 ? "✓" : "✗")}");
        Console.WriteLine($"    history page of 50 (300 pages):         p50 {P(pages, 0.5),7} ms  p99 {P(pages, 0.99),7} ms   (aim < 10 ms p99) {(Pct(pages, 0.99) < 10 ? "✓" : "✗")}");
        Console.WriteLine($"    catch-up of 10,000 updates (5 runs):    best {catchUps.Min(),6:N0} ms  worst {catchUps.Max(),6:N0} ms  (aim ≤ 1,000 ms) {(catchUps.Max() <= 1000 ? "✓" : "✗")}");
    }

    static async Task SeedAsync(string databaseFile, List<(Guid Id, MessageRow Template)> chats, int count, string[] words, Random random, CancellationToken ct)
    {
        await using var db = new SqliteConnection($"Data Source={databaseFile};Pooling=False");
        await db.OpenAsync(ct);
        await Execute(db, "PRAGMA busy_timeout = 30000;", ct);

        var perChat = count / chats.Count;
        var updateId = await ScalarAsync(db, "SELECT MAX(Id) FROM Updates", ct);
        foreach (var (chatId, template) in chats)
        {
            // The stored shape of the template (column formats of Guids and dates as the service wrote them).
            var message = await RowAsync(db, "SELECT * FROM Messages WHERE Sequence = $seq AND ChatId = (SELECT ChatId FROM Messages WHERE lower(Id) = $id)",
                ct, ("$seq", template.Sequence), ("$id", template.Id.ToString()));
            var update = await RowAsync(db, "SELECT * FROM Updates WHERE MessageId = $id", ct, ("$id", message["Id"]!));
            var upper = ((string)message["Id"]!).Any(char.IsUpper);
            string Stored(Guid id) => upper ? id.ToString().ToUpperInvariant() : id.ToString();
            var chatKey = chatId.ToString("N");
            var storedChatId = (string)message["ChatId"]!;

            using var insertMessage = Insert(db, "Messages", message.Keys);
            using var insertUpdate = Insert(db, "Updates", update.Keys);
            using var insertSearch = db.CreateCommand();
            insertSearch.CommandText = "INSERT INTO message_search (body, message_id, chat_id) VALUES ($body, $key, $chat); " +
                "INSERT INTO message_search_rows (message_id, row) VALUES ($key, last_insert_rowid());";
            var (body, key) = (insertSearch.Parameters.Add("$body", SqliteType.Text), insertSearch.Parameters.Add("$key", SqliteType.Text));
            insertSearch.Parameters.AddWithValue("$chat", chatKey);

            for (var done = 0; done < perChat;)
            {
                await using var tx = (SqliteTransaction)await db.BeginTransactionAsync(ct);
                insertMessage.Transaction = insertUpdate.Transaction = insertSearch.Transaction = tx;
                for (var n = 0; n < 50_000 && done < perChat; n++, done++)
                {
                    var id = Guid.CreateVersion7();
                    var text = string.Join(' ', Enumerable.Range(0, random.Next(6, 14)).Select(_ => words[random.Next(words.Length)]));
                    foreach (var (column, value) in message)
                        insertMessage.Parameters["$" + column].Value = column switch
                        {
                            "Id" => Stored(id),
                            "Sequence" => template.Sequence + 1 + done,
                            "ClientMessageId" => Stored(Guid.NewGuid()),
                            "Text" => text,
                            _ => value ?? DBNull.Value,
                        };
                    await insertMessage.ExecuteNonQueryAsync(ct);
                    foreach (var (column, value) in update)
                        insertUpdate.Parameters["$" + column].Value = column switch
                        {
                            "Id" => ++updateId,
                            "MessageId" => Stored(id),
                            _ => value ?? DBNull.Value,
                        };
                    await insertUpdate.ExecuteNonQueryAsync(ct);
                    (body.Value, key.Value) = (text, id.ToString("N"));
                    await insertSearch.ExecuteNonQueryAsync(ct);
                }
                await tx.CommitAsync(ct);
            }
            await using var last = db.CreateCommand();
            last.CommandText = "UPDATE Chats SET LastSequence = $last WHERE Id = $chat";
            last.Parameters.AddWithValue("$last", template.Sequence + perChat);
            last.Parameters.AddWithValue("$chat", storedChatId);
            await last.ExecuteNonQueryAsync(ct);
        }
    }

    static SqliteCommand Insert(SqliteConnection db, string table, IEnumerable<string> columns)
    {
        var command = db.CreateCommand();
        var list = columns.ToList();
        command.CommandText = $"INSERT INTO \"{table}\" ({string.Join(", ", list.Select(c => $"\"{c}\""))}) VALUES ({string.Join(", ", list.Select(c => "$" + c))})";
        foreach (var column in list) command.Parameters.Add(new SqliteParameter("$" + column, null));
        return command;
    }

    static async Task<Dictionary<string, object?>> RowAsync(SqliteConnection db, string sql, CancellationToken ct, params (string Name, object Value)[] parameters)
    {
        await using var command = db.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters) command.Parameters.AddWithValue(name, value);
        await using var row = await command.ExecuteReaderAsync(ct);
        if (!await row.ReadAsync(ct)) throw new InvalidOperationException($"No row for {sql}");
        return Enumerable.Range(0, row.FieldCount).ToDictionary(row.GetName, i => row.IsDBNull(i) ? null : row.GetValue(i));
    }

    static async Task<long> ScalarAsync(SqliteConnection db, string sql, CancellationToken ct)
    {
        await using var command = db.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(await command.ExecuteScalarAsync(ct), CultureInfo.InvariantCulture);
    }

    static async Task<long> LastUpdateIdAsync(string databaseFile, CancellationToken ct)
    {
        await using var db = new SqliteConnection($"Data Source={databaseFile};Mode=ReadOnly;Pooling=False");
        await db.OpenAsync(ct);
        return await ScalarAsync(db, "SELECT MAX(Id) FROM Updates", ct);
    }

    static async Task Execute(SqliteConnection db, string sql, CancellationToken ct)
    {
        await using var command = db.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(ct);
    }

    static async Task<double> TimeAsync(Func<Task> action)
    {
        var clock = Stopwatch.StartNew();
        await action();
        return clock.Elapsed.TotalMilliseconds;
    }

    static double Pct(List<double> values, double q)
    {
        var sorted = values.Order().ToList();
        return sorted[Math.Clamp((int)Math.Ceiling(q * sorted.Count) - 1, 0, sorted.Count - 1)];
    }

    static string P(List<double> values, double q) => Ramp.Ms(Pct(values, q));

    /// <summary>Two thousand made-up words: searches hit a few hundred to a few thousand messages each, as real words do.</summary>
    static string[] Vocabulary()
    {
        string[] onsets = ["b", "d", "f", "g", "k", "l", "m", "n", "p", "r", "s", "t", "v", "z", "br", "st", "tr", "gl", "pl", "sk"];
        string[] vowels = ["a", "e", "i", "o", "u"];
        string[] codas = ["", "n", "r", "s", "l", "m", "k", "t", "nd", "st"];
        return (from o in onsets from v in vowels from c in codas from v2 in vowels select o + v + c + v2).Take(2_000).ToArray();
    }
}
