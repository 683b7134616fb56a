using Mediator;
using Microsoft.EntityFrameworkCore;
using OpenChat.Chain.Kernel;

namespace OpenChat.Chain.Messaging.Messages;

/// <summary>
/// Posts a message whose <c>Payload</c> the host keeps up to date with the chain: a payment (transfer, tip, red
/// envelope) or a governance proposal. The client message id is derived from what it shows, so a retry finds it.
/// </summary>
public sealed record PostPaymentMessage(Guid ChatId, Guid SenderId, Guid ClientMessageId, MessageKind Kind, string? Text, string Payload,
    Guid? ReplyToId = null) : ICommand<Result<MessageView>>;

public sealed class PostPaymentMessageHandler(MessagingDb db, PostMessage post) : ICommandHandler<PostPaymentMessage, Result<MessageView>>
{
    public async ValueTask<Result<MessageView>> Handle(PostPaymentMessage command, CancellationToken ct)
    {
        if (command.Kind is not (MessageKind.Transfer or MessageKind.Tip or MessageKind.RedEnvelope or MessageKind.Proposal))
            throw new ArgumentOutOfRangeException(nameof(command), command.Kind, "not a kind with a chain payload");
        if (await db.ActiveMembership(command.ChatId, command.SenderId, ct) is null) return MessagingErrors.ChatNotFound;
        var earlier = await db.Messages.AsNoTracking()
            .FirstOrDefaultAsync(m => m.ChatId == command.ChatId && m.ClientMessageId == command.ClientMessageId, ct);
        if (earlier is not null) return earlier.ToView([]);
        try
        {
            return await post.Post(new PostMessage.Draft(command.ChatId, command.SenderId, command.ClientMessageId, command.Kind,
                command.Text, [], command.ReplyToId, null, command.Payload), ct);
        }
        catch (DbUpdateException) when (!ct.IsCancellationRequested)
        {
            // The request and the reconciler posted it at once: the unique client id kept one; answer with it.
            db.ChangeTracker.Clear();
            var stored = await db.Messages.AsNoTracking()
                .FirstOrDefaultAsync(m => m.ChatId == command.ChatId && m.ClientMessageId == command.ClientMessageId, ct);
            return stored?.ToView([]) ?? throw new InvalidOperationException($"payment message {command.ClientMessageId} lost");
        }
    }
}
