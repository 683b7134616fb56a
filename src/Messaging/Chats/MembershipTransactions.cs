using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace OpenChat.Chain.Messaging.Chats;

/// <summary>
/// Membership changes saved inside a caller's transaction reach the <see cref="MemberCache"/> when that transaction
/// ends, not when the save returns: until then the chats stay uncached. Kept per transaction here rather than in the
/// context, because MessagingDb is pooled and a pooled context is handed back without its Dispose running.
/// A transaction disposed without a commit or a rollback (an exception before either) rolled its changes back, so no
/// instance has to drop anything; its chats then stay uncached on this instance only, which is slower, never wrong.
/// </summary>
sealed class MembershipTransactions : DbTransactionInterceptor
{
    public static readonly MembershipTransactions Instance = new();

    sealed record Pending(MemberCache Members, HashSet<Guid> Chats);

    readonly ConditionalWeakTable<DbTransaction, Pending> _pending = new();

    /// <summary>Called by a save inside <paramref name="transaction"/> after <see cref="MemberCache.Saving"/>.</summary>
    public void Defer(DbTransaction transaction, MemberCache members, IEnumerable<Guid> chats)
    {
        var pending = _pending.GetValue(transaction, _ => new Pending(members, []));
        lock (pending) pending.Chats.UnionWith(chats);
    }

    public override Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken ct = default) =>
        Release(transaction);

    public override void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData) =>
        Release(transaction).GetAwaiter().GetResult(); // publishing only queues the notice: nothing blocks

    public override Task TransactionRolledBackAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken ct = default) =>
        Release(transaction);

    public override void TransactionRolledBack(DbTransaction transaction, TransactionEndEventData eventData) =>
        Release(transaction).GetAwaiter().GetResult();

    public override Task TransactionFailedAsync(DbTransaction transaction, TransactionErrorEventData eventData, CancellationToken ct = default) =>
        Release(transaction);

    public override void TransactionFailed(DbTransaction transaction, TransactionErrorEventData eventData) =>
        Release(transaction).GetAwaiter().GetResult();

    // Committed or rolled back: dropping a chat elsewhere is harmless either way.
    async Task Release(DbTransaction transaction)
    {
        if (!_pending.TryGetValue(transaction, out var pending) || !_pending.Remove(transaction)) return;
        pending.Members.Committed(pending.Chats);
        await pending.Members.Announce(pending.Chats);
    }
}
