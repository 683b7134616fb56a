using Mediator;
using Microsoft.EntityFrameworkCore;
using OpenChat.Chain.Kernel;
using OpenChat.Chain.Messaging.Chats;
using OpenChat.Chain.Messaging.Search;
using OpenChat.Chain.Messaging.Sync;

namespace OpenChat.Chain.Messaging.Messages;

/// <summary>Delete for everyone: by the sender, or by a group's owner or admin (moderation).</summary>
public sealed record DeleteMessage(Guid UserId, Guid ChatId, Guid MessageId) : ICommand<Result<MessageView>>;

public sealed class DeleteMessageHandler(MessagingDb db, TimeProvider clock, ChangeMessage change, IMessageSearch search)
    : ICommandHandler<DeleteMessage, Result<MessageView>>
{
    public async ValueTask<Result<MessageView>> Handle(DeleteMessage command, CancellationToken ct)
    {
        var me = await db.ActiveMembership(command.ChatId, command.UserId, ct);
        if (me is null) return MessagingErrors.ChatNotFound;
        var message = await db.Messages.FirstOrDefaultAsync(m => m.Id == command.MessageId && m.ChatId == command.ChatId, ct);
        if (message is null) return MessagingErrors.MessageNotFound;
        if (message.SenderId != command.UserId && !me.CanManageMembers) return MessagingErrors.NotTheSender;
        if (!Message.IsWritten(message.Kind)) return MessagingErrors.NotAllowed.With("Payment and proposal messages stay: they mirror the chain.");
        if (message.IsDeleted) return MessagingErrors.MessageDeleted;

        message.Delete(clock.GetUtcNow());
        db.Reactions.RemoveRange(db.Reactions.Where(r => r.MessageId == message.Id));
        return await change.Commit(message, UpdateKind.MessageDeleted, ct, () => search.Remove(message.Id, ct));
    }
}
