using FluentValidation;
using Mediator;
using OpenChat.Chain.Kernel;
using OpenChat.Chain.Messaging.Messages;
using OpenChat.Chain.Payments.Custody;
using OpenChat.Chain.Payments.Flow;

namespace OpenChat.Chain.Payments.Tips;

/// <summary>
/// Tips a message's author; the tip shows as a small message replying to it, and the tipped message carries the total
/// and who tipped once the chain confirms. Only a message the tipper can see, from someone else. Passkey-confirmed.
/// </summary>
public sealed record TipMessage(Guid UserId, PaymentTerms Terms, PaymentConfirmation? Confirmation) : ICommand<Result<PaymentView>>;

public sealed class TipMessageValidator : AbstractValidator<TipMessage>
{
    public TipMessageValidator()
    {
        RuleFor(c => c.Terms.IdempotencyKey).NotEmpty().MaximumLength(100).OverridePropertyName("idempotencyKey");
        RuleFor(c => c.Terms.Amount).NotEmpty().OverridePropertyName("amount");
    }
}

public sealed class TipMessageHandler(PaymentFlow flow, IMediator mediator) : ICommandHandler<TipMessage, Result<PaymentView>>
{
    public async ValueTask<Result<PaymentView>> Handle(TipMessage command, CancellationToken ct)
    {
        var message = await mediator.Send(new GetMessage(command.UserId, command.Terms.ChatId, command.Terms.MessageId!.Value), ct);
        if (message.Error is { } hidden) return hidden;
        var tipped = message.Value!;
        if (!CanTip(tipped, command.UserId)) return PaymentErrors.CannotTip;
        var terms = command.Terms with { Kind = PaymentKind.Tip, ToUserId = tipped.SenderId };
        return await flow.RunAsync(command.UserId, PaymentRole.Tip, terms, command.Confirmation, tipped.Id, ct);
    }

    /// <summary>
    /// What a tip rewards: another person's live message that they wrote, plain or end-to-end encrypted (a private chat's
    /// text is ciphertext to the service; the tip itself is on chain and visible to it either way, and an encrypted
    /// message's total is not kept on it: its tips are their own messages, replying to it).
    /// </summary>
    public static bool CanTip(MessageView message, Guid tipper) =>
        message.SenderId != tipper && !message.Deleted && Message.IsWritten(message.Kind);
}
