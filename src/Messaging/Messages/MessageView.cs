namespace OpenChat.Chain.Messaging.Messages;

public sealed record AttachmentView(string MediaId, string Url);

public sealed record ReactionView(string Emoji, int Count, IReadOnlyList<Guid> UserIds);

public sealed record MessageView(
    Guid Id, Guid ChatId, long Sequence, Guid SenderId, Guid ClientMessageId, string Kind, string? Text,
    Guid? ReplyToId, Guid? ForwardedFromId, IReadOnlyList<AttachmentView> Attachments, IReadOnlyList<ReactionView> Reactions,
    string? Payload, DateTimeOffset CreatedAt, DateTimeOffset? EditedAt, bool Deleted);

public static class MessageViews
{
    public static MessageView ToView(this Message m, IEnumerable<Reaction> reactions) => new(
        m.Id, m.ChatId, m.Sequence, m.SenderId, m.ClientMessageId, m.Kind.ToString(), m.Text, m.ReplyToId, m.ForwardedFromId,
        m.Attachments.OrderBy(a => a.Position).Select(a => new AttachmentView(a.MediaId, $"/api/media/{a.MediaId}")).ToList(),
        reactions.GroupBy(r => r.Emoji)
            .Select(g => new ReactionView(g.Key, g.Count(), g.OrderBy(r => r.At).Select(r => r.UserId).ToList()))
            .OrderByDescending(r => r.Count).ToList(),
        m.Payload, m.CreatedAt, m.EditedAt, m.IsDeleted);
}
