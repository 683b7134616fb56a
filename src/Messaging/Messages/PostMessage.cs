using Microsoft.EntityFrameworkCore;
using OpenChat.Chain.Messaging.Search;
using OpenChat.Chain.Messaging.Sync;

namespace OpenChat.Chain.Messaging.Messages;

/// <summary>
/// The one way a message enters a chat (typed by a person, forwarded, or posted by a payment or a proposal):
/// next sequence number, update-log entry and search index in one transaction, then the push to members.
/// </summary>
public sealed class PostMessage(MessagingDb db, TimeProvider clock, UpdateLog log, IMessageSearch search)
{
    public sealed record Draft(Guid ChatId, Guid SenderId, Guid ClientMessageId, MessageKind Kind, string? Text,
        IReadOnlyList<string> MediaIds, Guid? ReplyToId, Guid? ForwardedFromId, string? Payload);

    public Task<MessageView> Post(Draft draft, CancellationToken ct) => log.Write(ct => PostAsWriter(draft, ct), ct);

    async Task<(MessageView, IReadOnlyList<UpdateLog.Push>)> PostAsWriter(Draft draft, CancellationToken ct)
    {
        // Two senders racing for the same chat: the chat row's version check fails for one, who retries with the next number.
        for (var attempt = 0; ; attempt++)
        {
            var chat = await db.Chats.FirstAsync(c => c.Id == draft.ChatId, ct);
            var now = clock.GetUtcNow();
            var message = chat.Post(draft.SenderId, draft.ClientMessageId, draft.Kind, draft.Text, now,
                draft.ReplyToId, draft.ForwardedFromId, draft.Payload);
            message.Attach(draft.MediaIds);
            db.Messages.Add(message);
            var update = new ChatUpdate(chat.Id, UpdateKind.MessagePosted, now, message.Id);
            db.Updates.Add(update);
            try
            {
                await using (var tx = await db.Database.BeginTransactionAsync(ct))
                {
                    await db.SaveChangesAsync(ct);
                    await search.Index(message, ct);
                    await tx.CommitAsync(ct);
                }
                var view = message.ToView([]);
                return (view, [new(await db.ActiveMemberIds(chat.Id, ct), ChatUpdateView.ForMessage(update, view))]);
            }
            catch (DbUpdateConcurrencyException) when (attempt < 20)
            {
                db.ChangeTracker.Clear();
            }
        }
    }
}
