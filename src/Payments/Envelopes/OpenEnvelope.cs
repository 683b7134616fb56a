using Mediator;
using OpenChat.Chain.Kernel;
using OpenChat.Chain.Messaging.Messages;
using OpenChat.Chain.Wallet;
using OpenChat.Chain.Payments.Custody;
using OpenChat.Chain.Payments.Flow;

namespace OpenChat.Chain.Payments.Envelopes;

/// <summary>
/// A member opens (claims a share of) a red envelope in their chat. Membership is checked now, at claim time: whoever
/// left the chat cannot open it. No passkey: nothing leaves the member's account. One claim per member and envelope.
/// </summary>
public sealed record OpenEnvelope(Guid UserId, Guid ChatId, Guid MessageId) : ICommand<Result<PaymentView>>;

public sealed class OpenEnvelopeHandler(PaymentFlow flow, PaymentSteps steps, IMediator mediator) : ICommandHandler<OpenEnvelope, Result<PaymentView>>
{
    public async ValueTask<Result<PaymentView>> Handle(OpenEnvelope command, CancellationToken ct)
    {
        var message = await mediator.Send(new GetMessage(command.UserId, command.ChatId, command.MessageId), ct);
        if (message.Error is { } hidden) return hidden;
        if (message.Value!.Kind != nameof(MessageKind.RedEnvelope) || message.Value.Payload is null) return PaymentErrors.NotAnEnvelope;
        var envelopeId = PaymentMessages.Read<EnvelopePayload>(message.Value.Payload)?.EnvelopeId;
        if (envelopeId is null) return PaymentErrors.EnvelopeNotOpen;
        // A second open (another device, a double tap) is told so; the first claim goes on.
        if (await steps.FindAsync(command.UserId, $"claim:{envelopeId}", ct) is not null) return WalletErrors.EnvelopeAlreadyClaimed;
        var terms = new PaymentTerms(PaymentKind.Envelope, command.ChatId, "0", $"claim:{envelopeId}", MessageId: command.MessageId);
        return await flow.RunAsync(command.UserId, PaymentRole.EnvelopeClaim, terms, null, command.MessageId, ct, envelopeId);
    }
}
