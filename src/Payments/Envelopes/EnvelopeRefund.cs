using System.Globalization;
using System.Numerics;
using Mediator;
using OpenChat.Chain.Kernel;
using OpenChat.Chain.Payments.Custody;
using OpenChat.Chain.Payments.Flow;
using OpenChat.Chain.Wallet.Envelopes;
using OpenChat.Chain.Wallet.Sending;
using OpenChat.Chain.Wallet.Transfers;

namespace OpenChat.Chain.Payments.Envelopes;

/// <summary>The rest of an expired envelope going back to its sender (started by <see cref="PaymentReconciler"/>); the message says how much.</summary>
public sealed class EnvelopeRefund(IMediator mediator, PaymentMessages messages) : IPaymentKind
{
    public PaymentRole Role => PaymentRole.EnvelopeRefund;

    public async Task<Result<SentTransfer>> EnqueueAsync(PaymentLink link, PaymentTerms terms, int account, CancellationToken ct) =>
        await mediator.Send(new RefundEnvelope(account, link.EnvelopeId!), ct);

    public Task FollowAsync(PaymentLink link, PaymentTerms terms, TransferView transfer, CancellationToken ct) =>
        transfer.Status == TransferStatus.Confirmed
            ? messages.ChangeAsync<EnvelopePayload>(link.TargetMessageId, p => p with
            {
                State = "refunded", Refunded = Coins.Format(BigInteger.Parse(transfer.Outcome ?? "0", CultureInfo.InvariantCulture)),
                RefundTxHash = transfer.TxHash,
            }, ct)
            : Task.CompletedTask;
}
