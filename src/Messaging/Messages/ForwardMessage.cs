using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using OpenChat.Chain.Kernel;
using OpenChat.Chain.Messaging.Chats;

namespace OpenChat.Chain.Messaging.Messages;

/// <summary>Copies a message the caller can see into another chat they are in, marked as forwarded.</summary>
public sealed record ForwardMessage(Guid UserId, Guid FromChatId, Guid MessageId, Guid ToChatId, Guid ClientMessageId)
    : ICommand<Result<MessageView>>;

public sealed class ForwardMessageValidator : AbstractValidator<ForwardMessage>
{
    public ForwardMessageValidator() => RuleFor(f => f.ClientMessageId).NotEmpty();
}

public sealed class ForwardMessageHandler(MessagingDb db, PrivateChats privateChats, PostMessage post)
    : ICommandHandler<ForwardMessage, Result<MessageView>>
{
    public async ValueTask<Result<MessageView>> Handle(ForwardMessage command, CancellationToken ct)
    {
        if (await db.ActiveMembership(command.FromChatId, command.UserId, ct) is null) return MessagingErrors.ChatNotFound;
        if (await db.ActiveMembership(command.ToChatId, command.UserId, ct) is null) return MessagingErrors.ChatNotFound;
        var original = await db.Messages.AsNoTracking().FirstOrDefaultAsync(m => m.Id == command.MessageId && m.ChatId == command.FromChatId, ct);
        if (original is null) return MessagingErrors.MessageNotFound;
        if (Message.IsCiphertext(original.Kind)) return MessagingErrors.NotForwardable;
        if (await privateChats.IsPrivate(db, command.ToChatId, ct) == true) return MessagingErrors.PlaintextInPrivateChat;
        if (original.IsDeleted || original.Kind != MessageKind.Text) return MessagingErrors.NotAllowed.With("Only text and media messages can be forwarded.");

        var earlier = await db.Messages.AsNoTracking()
            .FirstOrDefaultAsync(m => m.ChatId == command.ToChatId && m.ClientMessageId == command.ClientMessageId, ct);
        if (earlier is not null) return earlier.ToView([]);
        return await post.TryPost(new PostMessage.Draft(command.ToChatId, command.UserId, command.ClientMessageId, MessageKind.Text,
            original.Text, original.Attachments.OrderBy(a => a.Position).Select(a => a.MediaId).ToList(), null,
            original.ForwardedFromId ?? original.Id, null), ct);
    }
}
