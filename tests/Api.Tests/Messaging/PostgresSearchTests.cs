using Microsoft.EntityFrameworkCore;
using OpenChat.Chain.Api.Tests.Support;
using OpenChat.Chain.Kernel;
using OpenChat.Chain.Messaging.Chats;
using OpenChat.Chain.Messaging.Messages;
using OpenChat.Chain.Messaging.Search;

namespace OpenChat.Chain.Api.Tests.Messaging;

/// <summary>
/// Search on PostgreSQL answers what FTS5 answers (issue 15): the same messages, posted through the writer on both
/// databases, searched with the same queries (SearchTests' cases, then case, diacritics, CJK, phrases, prefixes and
/// FTS syntax), give the same hits; and edits, deletes and leaving a chat are forgotten as SearchTests expects.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresSearchTests(PostgresServer postgres)
{
    static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Search_OnPostgres_FindsWhatFts5Finds()
    {
        var file = Path.Combine(Path.GetTempPath(), $"openchat-search-{Guid.NewGuid():N}.db");
        try
        {
            await using var sqlite = await MessagingInstance.Start(MessagingInstance.Sqlite(sharedWriters: false), db => db.UseSqlite($"Data Source={file};Pooling=false"));
            await sqlite.CreateSchema(Ct);
            var database = await postgres.CreateDatabase("messaging");
            await using var pg = await MessagingInstance.Start(MessagingInstance.Postgres, db => db.UseNpgsql(database));
            await pg.CreateSchema(Ct);
            var word = $"zebra{Guid.NewGuid():N}"[..14];
            var queries = new[]
            {
                word, word[..10], $"{word} cafe", word.ToUpperInvariant(), "café", "CAFE", "caf", "the", "spotted café", "near spotted",
                "münchen", "MUNCHEN", "munch", "grüße", "grusse", "你好", "你好世界", "世界", "日本", "テキスト", "foo-bar", "foo bar", "bar-baz",
                "example.com", "someone@example", "don't", "dont", "école élève", "ECOLE", "\"unbalanced OR NEAR( * -", "* OR", "zzz", "e",
            };

            var fts5 = await Answers(sqlite, word, queries);
            var postgresql = await Answers(pg, word, queries);

            foreach (var ((user, query, expected), (_, _, actual)) in fts5.Zip(postgresql))
                Assert.True(expected.SetEquals(actual), $"{user}, '{query}': FTS5 [{string.Join(" | ", expected)}], PostgreSQL [{string.Join(" | ", actual)}]");
            // SearchTests' own expectations hold on PostgreSQL.
            var alice = postgresql.Where(a => a.User == "alice").ToDictionary(a => a.Query, a => a.Texts);
            Assert.Equal([$"the {word} escaped", $"{word} spotted near the café"], alice[word].Order());
            Assert.Equal(alice[word], alice[word[..10]]);
            Assert.Equal($"{word} spotted near the café", Assert.Single(alice[$"{word} cafe"]));
            Assert.Equal(3, postgresql.Single(a => a.User == "bob" && a.Query == word).Texts.Count);
            Assert.Empty(alice["\"unbalanced OR NEAR( * -"]);
            // Not vacuous: case, diacritics, CJK prefixes and phrases do find messages.
            Assert.Equal(["你好世界 from Beijing"], alice["你好"]);
            Assert.Equal(["Grüße aus MÜNCHEN"], alice["munch"]);
            Assert.Equal(["foo-bar baz"], alice["bar-baz"]);
            Assert.Contains("ÉCOLE élève", alice["ECOLE"]);
        }
        finally
        {
            foreach (var suffix in new[] { "", "-wal", "-shm" }) File.Delete(file + suffix);
        }
    }

    /// <summary>SearchTests' people, chats and messages (and a few more) on one database, and what each query finds there.</summary>
    static async Task<List<(string User, string Query, HashSet<string> Texts)>> Answers(MessagingInstance instance, string word, string[] queries)
    {
        var (alice, bob, carol) = (await instance.CreateUser("alice", 0, Ct), await instance.CreateUser("bob", 1, Ct), await instance.CreateUser("carol", 2, Ct));
        var direct = await instance.CreateDirect(alice, bob, Ct);
        var group = await instance.CreateGroup(bob, [alice], Ct);
        var secret = await instance.CreateDirect(carol, bob, Ct);
        await instance.Send(direct, alice, $"the {word} escaped", Ct);
        await instance.Send(group, bob, $"{word} spotted near the café", Ct);
        await instance.Send(secret, carol, $"{word} between carol and bob only", Ct);
        foreach (var text in new[] { "Grüße aus MÜNCHEN", "你好世界 from Beijing", "日本語のテキスト", "foo-bar baz", "write to someone@example.com",
                     "don't stop", "ÉCOLE élève", "Ünïcödé NFD: e\u0301cole" })
            await instance.Send(group, alice, text, Ct);

        var answers = new List<(string, string, HashSet<string>)>();
        foreach (var (name, id) in new[] { ("alice", alice), ("bob", bob) })
            foreach (var query in queries)
            {
                var found = await instance.In<SearchMessagesHandler, IReadOnlyList<MessageView>>(async h => await h.Handle(new SearchMessages(id, query), Ct));
                answers.Add((name, query, found.Select(m => m.Text!).ToHashSet()));
            }
        return answers;
    }

    [Fact]
    public async Task Search_OnPostgres_ForgetsEditedAndDeletedText_AndChatsLeft()
    {
        var database = await postgres.CreateDatabase("messaging");
        await using var pg = await MessagingInstance.Start(MessagingInstance.Postgres, db => db.UseNpgsql(database));
        await pg.CreateSchema(Ct);
        var (alice, bob) = (await pg.CreateUser("alice", 0, Ct), await pg.CreateUser("bob", 1, Ct));
        var word = $"quokka{Guid.NewGuid():N}"[..14];
        var group = await pg.CreateGroup(alice, [bob], Ct);
        var edited = await pg.Send(group, alice, $"a {word}", Ct);
        var deleted = await pg.Send(group, alice, $"another {word}", Ct);
        await pg.In<EditMessageHandler, Result<MessageView>>(async h => await h.Handle(new EditMessage(alice, group, edited.Id, "a wombat"), Ct));
        await pg.In<DeleteMessageHandler, Result<MessageView>>(async h => await h.Handle(new DeleteMessage(alice, group, deleted.Id), Ct));
        var kept = await pg.Send(group, alice, $"{word} again", Ct);

        Assert.Equal(kept.Id, Assert.Single(await Search(pg, bob, word)).Id);
        Assert.Equal(edited.Id, Assert.Single(await Search(pg, bob, "wombat")).Id);
        await pg.In<LeaveChatHandler, Result<bool>>(async h => await h.Handle(new LeaveChat(bob, group), Ct));
        Assert.Empty(await Search(pg, bob, word));
    }

    static Task<IReadOnlyList<MessageView>> Search(MessagingInstance instance, Guid userId, string query) =>
        instance.In<SearchMessagesHandler, IReadOnlyList<MessageView>>(async h => await h.Handle(new SearchMessages(userId, query), Ct));
}
