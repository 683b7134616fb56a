using Microsoft.EntityFrameworkCore;
using OpenChat.Chain.Messaging.Messages;

namespace OpenChat.Chain.Messaging.Chats;

/// <summary>
/// A centered line in a group's history saying what happened ("Alice renamed the group to …", "Bob left"), posted after
/// the change is committed. It is "sent" by the person who acted, so a reader's client can say "You" for themselves.
/// </summary>
public sealed class GroupNotice(MessagingDb db, PostMessage post)
{
    public Task<string> NameOf(Guid userId, CancellationToken ct) =>
        db.Users.Where(u => u.Id == userId).Select(u => u.DisplayName).FirstAsync(ct);

    public Task<MessageView> Post(Guid chatId, Guid actorId, string text, CancellationToken ct) =>
        post.Post(new PostMessage.Draft(chatId, actorId, Guid.CreateVersion7(), MessageKind.System, text, [], null, null, null), ct);
}
