using Microsoft.EntityFrameworkCore;
using OpenChat.Chain.Api.Tests.Support;
using OpenChat.Chain.Messaging.Sync;

namespace OpenChat.Chain.Api.Tests.Messaging;

/// <summary>
/// Two instances of the service write one database at once (issue 15, ordering across instances): each one's writer
/// numbers its groups under the database's write lock, so update ids and every chat's sequences stay contiguous and
/// unique, and a device paging the update log by cursor meanwhile sees every update once, with no gap.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class SharedWritersTests(PostgresServer postgres)
{
    static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task TwoWriters_OnPostgres_NumberContiguously_AndAPagingReaderMissesNothing()
    {
        var database = await postgres.CreateDatabase("messaging");
        await TwoWritersPostConcurrently(MessagingInstance.Postgres, db => db.UseNpgsql(database));
    }

    [Fact]
    public async Task TwoWriters_OnOneSqliteFile_NumberContiguously_AndAPagingReaderMissesNothing()
    {
        var file = Path.Combine(Path.GetTempPath(), $"openchat-writers-{Guid.NewGuid():N}.db");
        try
        {
            await TwoWritersPostConcurrently(MessagingInstance.Sqlite(sharedWriters: true), db => db.UseSqlite($"Data Source={file};Pooling=false"));
        }
        finally
        {
            foreach (var suffix in new[] { "", "-wal", "-shm" }) File.Delete(file + suffix);
        }
    }

    static async Task TwoWritersPostConcurrently(OpenChat.Chain.Messaging.MessagingOptions options, Action<DbContextOptionsBuilder> database)
    {
        const int Rounds = 20, PerRound = 15, PerWriter = Rounds * PerRound;
        await using var a = await MessagingInstance.Start(options, database);
        await a.CreateSchema(Ct);
        await using var b = await MessagingInstance.Start(options, database);
        var users = new List<Guid>();
        for (var i = 0; i < 4; i++) users.Add(await a.CreateUser($"user{i}", i, Ct));
        var reader = users[0];
        List<Guid> chats = [await a.CreateGroup(users[0], users, Ct), await b.CreateGroup(users[1], users, Ct), await a.CreateDirect(users[0], users[2], Ct)];

        var writing = new CancellationTokenSource();
        var paging = PageUntilStopped(a, reader, writing.Token);
        // Both writers at once, into the same chats, in rounds (so each one's next group follows the other's commits):
        // each round has many sends in flight on each (so they commit in groups) and one write of another kind (an
        // update drawn from the table's identity by EF Core).
        var sent = new List<OpenChat.Chain.Messaging.Messages.MessageView>();
        for (var round = 0; round < Rounds; round++)
        {
            var sends = new[] { a, b }.SelectMany(writer => Enumerable.Range(0, PerRound)
                .Select(i => writer.Send(chats[i % chats.Count], users[i % 2 == 0 ? 0 : 2], $"message {round}.{i}", Ct))).ToList();
            var changes = new[] { a, b }.Select(writer => writer.Db(async db =>
            {
                db.Updates.Add(new ChatUpdate(chats[round % chats.Count], UpdateKind.ChatChanged, DateTimeOffset.UtcNow));
                return await writer.Log.Write(token => db.SaveChangesAsync(token), Ct);
            })).ToList();
            sent.AddRange(await Task.WhenAll(sends));
            await Task.WhenAll(changes);
        }
        await writing.CancelAsync();
        var seen = await paging;

        var (updateIds, sequences, lastSequences) = await a.Db(async db => (
            await db.Updates.OrderBy(u => u.Id).Select(u => u.Id).ToListAsync(Ct),
            (await db.Messages.Select(m => new { m.ChatId, m.Sequence }).ToListAsync(Ct)).ToLookup(m => m.ChatId, m => m.Sequence),
            await db.Chats.ToDictionaryAsync(c => c.Id, c => c.LastSequence, Ct)));
        Assert.Equal(2 * PerWriter, sent.Select(m => m.Id).Distinct().Count());
        Assert.Equal(Enumerable.Range(1, updateIds.Count).Select(i => (long)i), updateIds);
        foreach (var chat in chats)
        {
            Assert.Equal(Enumerable.Range(1, sequences[chat].Count()).Select(i => (long)i), sequences[chat].Order());
            Assert.Equal(sequences[chat].Count(), lastSequences[chat]);
        }
        Assert.Equal(2 * PerWriter, sequences.Sum(s => s.Count()));
        // The reader is in every chat: it saw every update exactly once, in id order, although it paged while both wrote.
        Assert.Equal(updateIds, seen);
        // No group failed and was retried message by message (numbers taken by the other writer would do that).
        Assert.Equal(0, a.WriterWarnings + b.WriterWarnings);
    }

    /// <summary>A device syncing by cursor: pages while the writers write, then once more after they stopped.</summary>
    static async Task<List<long>> PageUntilStopped(MessagingInstance instance, Guid userId, CancellationToken stop)
    {
        var seen = new List<long>();
        long cursor = 0;
        while (true)
        {
            var stopped = stop.IsCancellationRequested; // read before the page: the last page starts after every write ended
            UpdatePage page;
            do
            {
                page = await instance.In<GetUpdatesHandler, UpdatePage>(async h => await h.Handle(new GetUpdates(userId, cursor, Limit: 50), Ct));
                seen.AddRange(page.Updates.Select(u => u.Id));
                cursor = page.Cursor;
            } while (page.HasMore);
            if (stopped) return seen;
            await Task.Delay(2, CancellationToken.None); // pacing only: the last page above proves completeness
        }
    }
}
