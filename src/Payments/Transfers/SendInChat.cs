using FluentValidation;
using OpenChat.Chain.Messaging;
using Mediator;
using OpenChat.Chain.Kernel;
using OpenChat.Chain.Messaging.Chats;
using OpenChat.Chain.Payments.Custody;
using OpenChat.Chain.Payments.Flow;

namespace OpenChat.Chain.Payments.Transfers;

/// <summary>
/// Sends CHAT from a chat to a member of it or to an outside address, with a note; the chat shows a transfer message that
/// follows the payment from pending to confirmed or failed. Needs the sender's passkey confirmation of these terms.
/// </summary>
public sealed record SendInChat(Guid UserId, PaymentTerms Terms, PaymentConfirmation? Confirmation) : ICommand<Result<PaymentView>>;

public sealed class SendInChatValidator : AbstractValidator<SendInChat>
{
    public SendInChatValidator()
    {
        RuleFor(c => c.Terms.IdempotencyKey).NotEmpty().MaximumLength(100).OverridePropertyName("idempotencyKey");
        RuleFor(c => c.Terms.Amount).NotEmpty().OverridePropertyName("amount");
        RuleFor(c => c.Terms.Note).MaximumLength(500).OverridePropertyName("note");
        RuleFor(c => c.Terms.Note).PlainText().OverridePropertyName("note");
    }
}

public sealed class SendInChatHandler(PaymentFlow flow, IMediator mediator, Recipients recipients) : ICommandHandler<SendInChat, Result<PaymentView>>
{
    public async ValueTask<Result<PaymentView>> Handle(SendInChat command, CancellationToken ct)
    {
        var terms = command.Terms with { Kind = PaymentKind.Transfer };
        if ((terms.ToUserId is null) == (terms.ToAddress is null)) return PaymentErrors.RecipientMissing;
        var members = await mediator.Send(new GetMemberIds(command.UserId, terms.ChatId), ct);
        if (members.Error is { } notMember) return notMember;
        if (!string.IsNullOrEmpty(terms.Note) && await mediator.Send(new IsPrivateChat(terms.ChatId), ct)) return PaymentErrors.NoteInPrivateChat;
        if (terms.ToUserId is { } to && (!members.Value!.Contains(to) || to == command.UserId)) return PaymentErrors.RecipientNotInChat;
        // Coins sent to the zero address or the service's own contracts are lost; other contracts need the owner's yes.
        if (terms.ToAddress is { } outside && OpenChat.Chain.Wallet.Transfers.Addresses.Parse(outside).Value is { } address
            && await recipients.CheckAsync(address, terms.AcknowledgeContractRecipient is true, ct) is { } refused) return refused;
        return await flow.RunAsync(command.UserId, PaymentRole.Transfer, terms, command.Confirmation, null, ct);
    }
}
