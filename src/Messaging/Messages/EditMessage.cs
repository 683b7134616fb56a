using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using OpenChat.Chain.Kernel;
using OpenChat.Chain.Messaging.Search;
using OpenChat.Chain.Messaging.Sync;

namespace OpenChat.Chain.Messaging.Messages;

/// <summary>The sender changes the text of their message; everyone sees it marked edited.</summary>
public sealed record EditMessage(Guid UserId, Guid ChatId, Guid MessageId, string Text) : ICommand<Result<MessageView>>;

public sealed class EditMessageValidator : AbstractValidator<EditMessage>
{
    public EditMessageValidator()
    {
        RuleFor(e => e.Text).NotEmpty().MaximumLength(Message.MaxTextLength);
        RuleFor(e => e.Text).PlainText();
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
        if (message.SenderId != command.UserId || message.Kind != MessageKind.Text) return MessagingErrors.NotTheSender;
        if (message.IsDeleted) return MessagingErrors.MessageDeleted;

        message.Edit(command.Text, clock.GetUtcNow());
        return await change.Commit(message, UpdateKind.MessageEdited, ct, () => search.Index(message, ct));
    }
}
