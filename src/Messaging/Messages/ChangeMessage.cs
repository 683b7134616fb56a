using Microsoft.EntityFrameworkCore;
using OpenChat.Chain.Messaging.Sync;

namespace OpenChat.Chain.Messaging.Messages;

/// <summary>Records a change to an existing message (edit, delete, reactions) in the update log and pushes it.</summary>
public sealed class ChangeMessage(MessagingDb db, TimeProvider clock, UpdateLog log, Chats.MemberCache members)
{
    /// <summary>Call after changing the tracked entities; saves them with the update in one SaveChanges.</summary>
    public async Task<MessageView> Commit(Message message, UpdateKind kind, CancellationToken ct, Func<Task>? alsoInTransaction = null)
    {
        var update = new ChatUpdate(message.ChatId, kind, clock.GetUtcNow(), message.Id);
        db.Updates.Add(update);
        return await log.Write(async ct =>
        {
            await using (var tx = await db.Database.BeginTransactionAsync(ct))
            {
                await db.SaveChangesAsync(ct);
                if (alsoInTransaction is not null) await alsoInTransaction();
                await tx.CommitAsync(ct);
            }
            var view = message.ToView(await db.Reactions.AsNoTracking().Where(r => r.MessageId == message.Id).ToListAsync(ct));
            return (view, (IReadOnlyList<UpdateLog.Push>)[new(await members.ActiveIds(db, message.ChatId, ct), ChatUpdateView.ForMessage(update, view))]);
        }, ct);
    }
}
