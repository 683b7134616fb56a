using Mediator;
using OpenChat.Chain.Kernel;
using OpenChat.Chain.Payments.Custody;
using OpenChat.Chain.Payments.Flow;
using OpenChat.Chain.Wallet.Envelopes;
using OpenChat.Chain.Wallet.Sending;

namespace OpenChat.Chain.Payments.Envelopes;

/// <summary>A member's claim (<see cref="OpenEnvelope"/>): nothing leaves their account, so no confirmation; the envelope's message lists it once confirmed.</summary>
public sealed class EnvelopeClaim(IMediator mediator, PaymentMessages messages) : IPaymentKind
{
    public PaymentRole Role => PaymentRole.EnvelopeClaim;

    public async Task<Result<SentTransfer>> EnqueueAsync(PaymentLink link, PaymentTerms terms, int account, CancellationToken ct) =>
        await mediator.Send(new ClaimEnvelope(account, link.EnvelopeId!), ct);

    public Task FollowAsync(PaymentLink link, PaymentTerms terms, TransferView transfer, CancellationToken ct) =>
        transfer.Status == TransferStatus.Confirmed
            ? messages.ChangeAsync<EnvelopePayload>(link.TargetMessageId, p => p.WithClaim(link.UserId, transfer), ct)
            : Task.CompletedTask;
}
