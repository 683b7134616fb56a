namespace OpenChat.Chain.Messaging.Chats;

public sealed record MemberView(Guid UserId, string Role, long DeliveredUpTo, long ReadUpTo);

/// <summary>A chat as its members see it. Ticks are derived from each member's cursors.</summary>
public sealed record ChatView(
    Guid Id, string Kind, string? Title, long LastSequence, DateTimeOffset CreatedAt, IReadOnlyList<MemberView> Members, string? InviteCode)
{
    /// <summary>End-to-end encrypted: messages carry MLS ciphertext in <c>payload</c> (kinds Encrypted and Handshake), never text.</summary>
    public bool Private { get; init; }

    public static ChatView Of(Chat chat, IEnumerable<ChatMember> members, bool showInvite) => new(
        chat.Id, chat.Kind.ToString(), chat.Title, chat.LastSequence, chat.CreatedAt,
        members.Where(m => m.IsActive).Select(m => m.ToView()).ToList(),
        showInvite ? chat.InviteCode : null) { Private = chat.IsPrivate };
}

public static class MemberViews
{
    public static MemberView ToView(this ChatMember member) =>
        new(member.UserId, member.Role.ToString(), member.DeliveredUpTo, member.ReadUpTo);
}
