using FluentValidation;
using OpenChat.Chain.Messaging;
using Mediator;
using OpenChat.Chain.Kernel;
using OpenChat.Chain.Messaging.Chats;
using OpenChat.Chain.Payments.Custody;
using OpenChat.Chain.Payments.Flow;

namespace OpenChat.Chain.Payments.Envelopes;

/// <summary>
/// Drops a red envelope in a chat: total, shares, random or equal split, greeting, expiry (default 24 h). Members open it
/// with one action; when it expires the rest goes back to the sender by itself. Passkey-confirmed.
/// </summary>
public sealed record DropEnvelope(Guid UserId, PaymentTerms Terms, PaymentConfirmation? Confirmation) : ICommand<Result<PaymentView>>;

public sealed class DropEnvelopeValidator : AbstractValidator<DropEnvelope>
{
    public DropEnvelopeValidator()
    {
        RuleFor(c => c.Terms.IdempotencyKey).NotEmpty().MaximumLength(100).OverridePropertyName("idempotencyKey");
        RuleFor(c => c.Terms.Amount).NotEmpty().OverridePropertyName("total");
        RuleFor(c => c.Terms.Shares).NotNull().GreaterThan(0).OverridePropertyName("shares");
        RuleFor(c => c.Terms.Split).Must(s => s is "random" or "equal").WithMessage("split is \"random\" or \"equal\"").OverridePropertyName("split");
        RuleFor(c => c.Terms.ExpiresAt).NotNull().OverridePropertyName("expiresAt");
        RuleFor(c => c.Terms.Note).MaximumLength(200).OverridePropertyName("greeting");
        RuleFor(c => c.Terms.Note).PlainText().OverridePropertyName("greeting");
    }
}

public sealed class DropEnvelopeHandler(PaymentFlow flow, IMediator mediator) : ICommandHandler<DropEnvelope, Result<PaymentView>>
{
    public async ValueTask<Result<PaymentView>> Handle(DropEnvelope command, CancellationToken ct)
    {
        var members = await mediator.Send(new GetMemberIds(command.UserId, command.Terms.ChatId), ct);
        if (members.Error is { } notMember) return notMember;
        if (!string.IsNullOrEmpty(command.Terms.Note) && await mediator.Send(new IsPrivateChat(command.Terms.ChatId), ct))
            return PaymentErrors.GreetingInPrivateChat;
        var terms = command.Terms with { Kind = PaymentKind.Envelope };
        return await flow.RunAsync(command.UserId, PaymentRole.EnvelopeCreate, terms, command.Confirmation, null, ct);
    }
}
