using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using OpenChat.Chain.Kernel;
using OpenChat.Chain.Messaging.Search;
using OpenChat.Chain.Messaging.Sync;

namespace OpenChat.Chain.Messaging.Messages;

/// <summary>The sender changes the text of their message; everyone sees it marked edited.</summary>
/// <remarks>In a private chat the edit is a new MLS <see cref="Ciphertext"/> and no text (issue 18).</remarks>
public sealed record EditMessage(Guid UserId, Guid ChatId, Guid MessageId, string? Text, string? Ciphertext = null) : ICommand<Result<MessageView>>;

public sealed class EditMessageValidator : AbstractValidator<EditMessage>
{
    public EditMessageValidator()
    {
        RuleFor(e => e.Text).NotEmpty().When(e => e.Ciphertext is null);
        RuleFor(e => e.Text).Empty().When(e => e.Ciphertext is not null).WithMessage("An encrypted edit carries its text inside the ciphertext.");
        RuleFor(e => e.Text).MaximumLength(Message.MaxTextLength);
        RuleFor(e => e.Text).PlainText();
        RuleFor(e => e.Ciphertext).Ciphertext();
    }
}

public sealed class EditMessageHandler(MessagingDb db, TimeProvider clock, ChangeMessage change, IMessageSearch search)
    : ICommandHandler<EditMessage, Result<MessageView>>
{
    public async ValueTask<Result<MessageView>> Handle(EditMessage command, CancellationToken ct)
    {
        if (await db.ActiveMembership(command.ChatId, command.UserId, ct) is null) return MessagingErrors.ChatNotFound;
        var message = await db.Messages.FirstOrDefaultAsync(m => m.Id == command.MessageId && m.ChatId == command.ChatId, ct);
        if (message is null) return MessagingErrors.MessageNotFound;
        if (message.SenderId != command.UserId || !Message.IsWritten(message.Kind)) return MessagingErrors.NotTheSender;
        if (message.IsDeleted) return MessagingErrors.MessageDeleted;
        if (message.Kind == MessageKind.Encrypted)
        {
            if (command.Ciphertext is not { } ciphertext) return MessagingErrors.PlaintextInPrivateChat;
            // Never indexed: the service cannot read it, and its search must not return private chats.
            message.EditCiphertext(ciphertext, clock.GetUtcNow());
            return await change.Commit(message, UpdateKind.MessageEdited, ct);
        }
        if (command.Ciphertext is not null) return MessagingErrors.CiphertextInPlainChat;

        message.Edit(command.Text!, clock.GetUtcNow());
        return await change.Commit(message, UpdateKind.MessageEdited, ct, () => search.Index(message, ct));
    }
}
