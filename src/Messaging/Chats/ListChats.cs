using Mediator;
using Microsoft.EntityFrameworkCore;
using OpenChat.Chain.Messaging.Messages;

namespace OpenChat.Chain.Messaging.Chats;

/// <summary>
/// The caller's chats, pinned first (latest pinned on top), then most recently active, with the unread count, the
/// last message and the caller's own settings (muted, pinned, archived: archived ones are for an "Archived" row).
/// </summary>
public sealed record ListChats(Guid UserId) : IQuery<IReadOnlyList<ChatSummary>>;

public sealed record ChatSummary(Guid Id, string Kind, string? Title, IReadOnlyList<Guid> MemberIds, long LastSequence,
    long Unread, MessageView? LastMessage, bool Muted = false, DateTimeOffset? PinnedAt = null, DateTimeOffset? ArchivedAt = null,
    bool Archived = false)
{
    /// <summary>End-to-end encrypted (issue 18): shown with a lock; its last message is ciphertext for the device to open.</summary>
    public bool Private { get; init; }
}

public sealed class ListChatsHandler(MessagingDb db) : IQueryHandler<ListChats, IReadOnlyList<ChatSummary>>
{
    public async ValueTask<IReadOnlyList<ChatSummary>> Handle(ListChats query, CancellationToken ct)
    {
        var mine = await db.Members.AsNoTracking()
            .Where(m => m.UserId == query.UserId && m.Status == MembershipStatus.Active)
            .Join(db.Chats, m => m.ChatId, c => c.Id, (m, c) => new { Chat = c, m.ReadUpTo, m.Muted, m.PinnedAt, m.ArchivedAt })
            .ToListAsync(ct);
        var chatIds = mine.Select(x => x.Chat.Id).ToList();
        var lastMessages = (await db.Messages.AsNoTracking()
                .Where(m => chatIds.Contains(m.ChatId))
                .Where(m => m.Sequence == db.Chats.Where(c => c.Id == m.ChatId).Select(c => c.LastSequence).First())
                .ToListAsync(ct))
            .ToDictionary(m => m.ChatId);
        // Direct chats show the other person: members are needed for every chat (small for direct, capped for groups).
        var members = (await db.Members.AsNoTracking()
                .Where(m => chatIds.Contains(m.ChatId) && m.Status == MembershipStatus.Active)
                .Select(m => new { m.ChatId, m.UserId }).ToListAsync(ct))
            .GroupBy(m => m.ChatId).ToDictionary(g => g.Key, g => (IReadOnlyList<Guid>)g.Select(m => m.UserId).ToList());

        return mine
            .Select(x => new ChatSummary(x.Chat.Id, x.Chat.Kind.ToString(), x.Chat.Title, members.GetValueOrDefault(x.Chat.Id, []),
                x.Chat.LastSequence, Math.Max(0, x.Chat.LastSequence - x.ReadUpTo),
                lastMessages.TryGetValue(x.Chat.Id, out var last) ? last.ToView([]) : null,
                x.Muted, x.PinnedAt, x.ArchivedAt, ChatMember.IsArchived(x.ArchivedAt, x.Muted, last?.CreatedAt)) { Private = x.Chat.IsPrivate })
            // SQLite cannot order by DateTimeOffset: the list is ordered here, it is one row per chat of the caller.
            .OrderByDescending(s => s.PinnedAt ?? DateTimeOffset.MinValue)
            .ThenByDescending(s => s.LastMessage?.CreatedAt ?? DateTimeOffset.MinValue)
            .ToList();
    }
}
