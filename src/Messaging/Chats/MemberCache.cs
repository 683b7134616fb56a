using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using OpenChat.Chain.Kernel;

namespace OpenChat.Chain.Messaging.Chats;

/// <summary>
/// Who is an active member of each chat, and in which role: asked on every send, push, reaction and typing
/// signal, and changed rarely. <see cref="MessagingDb"/> reports every saved change of a membership's status or
/// role here; a chat being changed is never cached until the change is committed, and a load that raced with a
/// change is not kept. Each committed change is announced through <see cref="IInstanceSignals"/>, so every other
/// instance of the service drops the chat too.
/// </summary>
public sealed class MemberCache
{
    const int MaxChats = 100_000;
    public const string ChangedTopic = "messaging.members-changed";

    readonly ConcurrentDictionary<Guid, IReadOnlyDictionary<Guid, ChatRole>> _chats = new();
    readonly ConcurrentDictionary<Guid, int> _changing = new();
    readonly IInstanceSignals _signals;
    long _generation;

    public MemberCache(IInstanceSignals signals)
    {
        _signals = signals;
        signals.Subscribe(ChangedTopic, Forget);
    }

    /// <summary>The chat's active members and their roles; empty for a chat that does not exist.</summary>
    public async ValueTask<IReadOnlyDictionary<Guid, ChatRole>> Active(MessagingDb db, Guid chatId, CancellationToken ct)
    {
        if (_chats.TryGetValue(chatId, out var cached)) return cached;
        var generation = Interlocked.Read(ref _generation);
        var rows = await db.Members.AsNoTracking()
            .Where(m => m.ChatId == chatId && m.Status == MembershipStatus.Active)
            .Select(m => new { m.UserId, m.Role }).ToListAsync(ct);
        IReadOnlyDictionary<Guid, ChatRole> members = rows.ToDictionary(m => m.UserId, m => m.Role);
        // Kept only if no membership changed while this was read: otherwise the rows may predate the change.
        if (Interlocked.Read(ref _generation) == generation && !_changing.ContainsKey(chatId))
        {
            if (_chats.Count >= MaxChats) _chats.Clear();
            _chats[chatId] = members;
        }
        return members;
    }

    public async ValueTask<bool> IsActive(MessagingDb db, Guid chatId, Guid userId, CancellationToken ct) =>
        (await Active(db, chatId, ct)).ContainsKey(userId);

    public async ValueTask<IReadOnlyCollection<Guid>> ActiveIds(MessagingDb db, Guid chatId, CancellationToken ct) =>
        (IReadOnlyCollection<Guid>)(await Active(db, chatId, ct)).Keys;

    /// <summary>Chats whose memberships the tracker is about to save with a new status or role (or added, removed).</summary>
    internal static HashSet<Guid>? Changing(ChangeTracker tracker)
    {
        HashSet<Guid>? chats = null;
        foreach (var entry in tracker.Entries<ChatMember>())
        {
            var changed = entry.State switch
            {
                EntityState.Added or EntityState.Deleted => true,
                EntityState.Modified => entry.Property(m => m.Status).IsModified || entry.Property(m => m.Role).IsModified,
                _ => false,
            };
            if (changed) (chats ??= []).Add(entry.Entity.ChatId);
        }
        return chats;
    }

    /// <summary>Before the save: drop the entries and keep these chats out of the cache until <see cref="Committed"/>.</summary>
    internal void Saving(IEnumerable<Guid> chatIds)
    {
        foreach (var chatId in chatIds)
        {
            _changing.AddOrUpdate(chatId, 1, (_, n) => n + 1);
            _chats.TryRemove(chatId, out _);
        }
        Interlocked.Increment(ref _generation);
    }

    /// <summary>After the commit (or the rollback): these chats may be cached again, from fresh rows.</summary>
    internal void Committed(IEnumerable<Guid> chatIds)
    {
        foreach (var chatId in chatIds)
        {
            _chats.TryRemove(chatId, out _);
            if (_changing.AddOrUpdate(chatId, 0, (_, n) => n - 1) <= 0) _changing.TryRemove(chatId, out _);
        }
        Interlocked.Increment(ref _generation);
    }

    /// <summary>After the commit: every instance drops these chats (this one already has, in <see cref="Committed"/>).</summary>
    internal Task Announce(IEnumerable<Guid> chatIds) => _signals.Publish(ChangedTopic, string.Join(',', chatIds));

    /// <summary>
    /// A change committed elsewhere (or here): the next read loads fresh rows. The generation moves on, so a load that
    /// started before the commit and ends after this notice is not kept.
    /// </summary>
    void Forget(string chatIds)
    {
        if (chatIds == IInstanceSignals.Everything) _chats.Clear();
        else
            foreach (var id in chatIds.Split(','))
                if (Guid.TryParse(id, out var chatId)) _chats.TryRemove(chatId, out _);
        Interlocked.Increment(ref _generation);
    }
}
