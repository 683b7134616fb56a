using Microsoft.EntityFrameworkCore;
using OpenChat.Chain.Kernel;
using OpenChat.Chain.Messaging.Chats;

namespace OpenChat.Chain.Api.Tests.Messaging;

/// <summary>
/// MessagingDb is pooled, so a membership change saved inside a caller's transaction reaches the member caches when
/// that transaction ends (MembershipTransactions), not when a context is disposed: a pooled context is handed back
/// without its Dispose running. Two instances on one SQLite file share their notices, as Redis makes them do.
/// </summary>
public sealed class MembershipTransactionTests
{
    static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task RemovalCommittedInACallersTransaction_ReachesTheOtherInstancesCache()
    {
        await using var instances = await TwoInstances.Start();
        var (a, b) = (instances.A, instances.B);
        var (alice, bob) = (await a.CreateUser("alice", 0, Ct), await a.CreateUser("bob", 1, Ct));
        var group = await a.CreateGroup(alice, [bob], Ct);
        Assert.True(await b.Db(db => b.Members.IsActive(db, group, bob, Ct).AsTask())); // b now caches the members

        await RemoveInTransaction(a, group, bob, commit: true);

        Assert.False(await b.Db(db => b.Members.IsActive(db, group, bob, Ct).AsTask()));
        Assert.False(await a.Db(db => a.Members.IsActive(db, group, bob, Ct).AsTask()));
    }

    [Fact]
    public async Task RemovalRolledBack_LeavesTheMemberActiveEverywhere()
    {
        await using var instances = await TwoInstances.Start();
        var (a, b) = (instances.A, instances.B);
        var (alice, bob) = (await a.CreateUser("alice", 0, Ct), await a.CreateUser("bob", 1, Ct));
        var group = await a.CreateGroup(alice, [bob], Ct);
        Assert.True(await b.Db(db => b.Members.IsActive(db, group, bob, Ct).AsTask()));

        await RemoveInTransaction(a, group, bob, commit: false);

        Assert.True(await b.Db(db => b.Members.IsActive(db, group, bob, Ct).AsTask()));
        Assert.True(await a.Db(db => a.Members.IsActive(db, group, bob, Ct).AsTask()));
        // The pooled context that held the transaction is reused: a later plain save still reaches the caches.
        await a.Db(async db =>
        {
            var member = await db.Members.FirstAsync(m => m.ChatId == group && m.UserId == bob, Ct);
            member.Remove(DateTimeOffset.UtcNow);
            return await a.Log.Write(token => db.SaveChangesAsync(token), Ct);
        });
        Assert.False(await b.Db(db => b.Members.IsActive(db, group, bob, Ct).AsTask()));
    }

    static Task<int> RemoveInTransaction(MessagingInstance instance, Guid chatId, Guid userId, bool commit) =>
        instance.Db(db => instance.Log.Write(async ct =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            var member = await db.Members.FirstAsync(m => m.ChatId == chatId && m.UserId == userId, ct);
            member.Remove(DateTimeOffset.UtcNow);
            var saved = await db.SaveChangesAsync(ct);
            if (commit) await transaction.CommitAsync(ct);
            else await transaction.RollbackAsync(ct);
            return saved;
        }, Ct));

    sealed class TwoInstances : IAsyncDisposable
    {
        readonly string _file = Path.Combine(Path.GetTempPath(), $"openchat-member-tx-{Guid.NewGuid():N}.db");
        public MessagingInstance A { get; private set; } = null!;
        public MessagingInstance B { get; private set; } = null!;

        public static async Task<TwoInstances> Start()
        {
            var instances = new TwoInstances();
            var signals = new InProcessSignals();
            var options = MessagingInstance.Sqlite(sharedWriters: true);
            void Database(DbContextOptionsBuilder db) => db.UseSqlite($"Data Source={instances._file};Pooling=false");
            instances.A = await MessagingInstance.Start(options, Database, signals);
            await instances.A.CreateSchema(Ct);
            instances.B = await MessagingInstance.Start(options, Database, signals);
            return instances;
        }

        public async ValueTask DisposeAsync()
        {
            await A.DisposeAsync();
            await B.DisposeAsync();
            foreach (var suffix in new[] { "", "-wal", "-shm" }) File.Delete(_file + suffix);
        }
    }
}
