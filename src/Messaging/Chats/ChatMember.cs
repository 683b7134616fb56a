using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace OpenChat.Chain.Messaging.Chats;

public enum ChatRole { Member, Admin, Owner }

public enum MembershipStatus { Active, Left, Removed, Lapsed }

/// <summary>
/// One person's place in one chat: role, and how far their devices have received (delivered) and their eyes
/// have seen (read) the chat's messages, as sequence numbers. Ticks are derived from these two cursors.
/// </summary>
public sealed class ChatMember
{
    public Guid ChatId { get; private set; }
    public Guid UserId { get; private set; }
    public ChatRole Role { get; private set; }
    public MembershipStatus Status { get; private set; }
    public DateTimeOffset JoinedAt { get; private set; }
    public DateTimeOffset? LeftAt { get; private set; }
    public long DeliveredUpTo { get; private set; }
    public long ReadUpTo { get; private set; }

    // The member's own view of the chat, synced across their devices and never shown to the other members.
    public bool Muted { get; private set; }
    public DateTimeOffset? PinnedAt { get; private set; }
    public DateTimeOffset? ArchivedAt { get; private set; }

    /// <summary>Telegram's limit for pinned chats in the main list: the top of the list stays a short list.</summary>
    public const int MaxPinned = 5;

    ChatMember() { }

    public ChatMember(Guid chatId, Guid userId, ChatRole role, DateTimeOffset now)
    {
        ChatId = chatId;
        UserId = userId;
        Role = role;
        Status = MembershipStatus.Active;
        JoinedAt = now;
    }

    public bool IsActive => Status == MembershipStatus.Active;

    /// <summary>
    /// Admits a user to a chat: a former member comes back (as a member), anyone else gets a new membership,
    /// which is added to <paramref name="members"/> and returned as <paramref name="added"/> for the caller to store.
    /// </summary>
    public static ChatMember Admit(List<ChatMember> members, Guid chatId, Guid userId, DateTimeOffset now, out ChatMember? added)
    {
        added = null;
        var member = members.FirstOrDefault(m => m.UserId == userId);
        if (member is null)
        {
            member = added = new ChatMember(chatId, userId, ChatRole.Member, now);
            members.Add(member);
        }
        else member.Rejoin(now);
        return member;
    }

    public bool CanManageMembers => IsActive && Role is ChatRole.Admin or ChatRole.Owner;

    public void Rejoin(DateTimeOffset now)
    {
        if (IsActive) throw new InvalidOperationException($"Member {UserId} of chat {ChatId} is already active");
        (Status, Role, JoinedAt, LeftAt) = (MembershipStatus.Active, ChatRole.Member, now, null);
    }

    public void Leave(DateTimeOffset now) => End(MembershipStatus.Left, now);

    public void Remove(DateTimeOffset now) => End(MembershipStatus.Removed, now);

    /// <summary>A circle membership ran out (unpaid period, balance below the minimum): no new messages until it is back.</summary>
    public void Lapse(DateTimeOffset now) => End(MembershipStatus.Lapsed, now);

    public void ChangeRole(ChatRole role) => Role = IsActive ? role : throw new InvalidOperationException($"Member {UserId} of chat {ChatId} is not active");

    /// <summary>Cursors only move forward: a late or repeated receipt changes nothing.</summary>
    public bool AdvanceDelivered(long sequence)
    {
        if (sequence <= DeliveredUpTo) return false;
        DeliveredUpTo = sequence;
        return true;
    }

    /// <summary>Reading up to a message implies having received it.</summary>
    public bool AdvanceRead(long sequence)
    {
        if (sequence <= ReadUpTo) return false;
        ReadUpTo = sequence;
        if (DeliveredUpTo < sequence) DeliveredUpTo = sequence;
        return true;
    }

    public void Mute(bool muted) => Muted = muted;

    /// <summary>Pinning brings an archived chat back to the list; unpinning keeps it where it is.</summary>
    public void Pin(bool pinned, DateTimeOffset now)
    {
        if (pinned == PinnedAt is not null) return;
        PinnedAt = pinned ? now : null;
        if (pinned) ArchivedAt = null;
    }

    /// <summary>An archived chat is not pinned (WhatsApp and Telegram both unpin it).</summary>
    public void Archive(bool archived, DateTimeOffset now)
    {
        if (archived == ArchivedAt is not null) return;
        ArchivedAt = archived ? now : null;
        if (archived) PinnedAt = null;
    }

    /// <summary>
    /// Archived until a message newer than the archiving arrives, unless muted (WhatsApp): derived from the last
    /// message's time, so posting a message never has to touch its chat's memberships.
    /// </summary>
    public static bool IsArchived(DateTimeOffset? archivedAt, bool muted, DateTimeOffset? lastMessageAt) =>
        archivedAt is { } at && (muted || lastMessageAt is null || lastMessageAt <= at);

    void End(MembershipStatus status, DateTimeOffset now)
    {
        if (!IsActive) throw new InvalidOperationException($"Member {UserId} of chat {ChatId} is not active");
        (Status, LeftAt) = (status, now);
    }
}

sealed class ChatMemberConfiguration : IEntityTypeConfiguration<ChatMember>
{
    public void Configure(EntityTypeBuilder<ChatMember> entity)
    {
        entity.HasKey(m => new { m.ChatId, m.UserId });
        entity.HasIndex(m => new { m.UserId, m.Status });
    }
}
