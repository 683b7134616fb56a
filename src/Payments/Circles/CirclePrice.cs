using Mediator;
using OpenChat.Chain.Kernel;
using OpenChat.Chain.Messaging.Circles;
using OpenChat.Chain.Payments.Custody;
using OpenChat.Chain.Payments.Flow;
using OpenChat.Chain.Wallet.Circles;
using OpenChat.Chain.Wallet.Sending;
using OpenChat.Chain.Wallet.Transfers;

namespace OpenChat.Chain.Payments.Circles;

/// <summary>The owner's new price (<see cref="ManagePaidCircle"/>); the chat shows it once the chain has it.</summary>
public sealed class CirclePrice(IMediator mediator) : IPaymentKind
{
    public PaymentRole Role => PaymentRole.CirclePrice;

    public async Task<Result<SentTransfer>> EnqueueAsync(PaymentLink link, PaymentTerms terms, int account, CancellationToken ct) =>
        await mediator.Send(new ManageCircle(account, link.IdempotencyKey, CircleChange.Price, terms.CircleId!, Coins.Parse(terms.Price).Value), ct);

    public async Task FollowAsync(PaymentLink link, PaymentTerms terms, TransferView transfer, CancellationToken ct)
    {
        if (transfer.Status == TransferStatus.Confirmed)
            await mediator.Send(new RecordCircleChain(link.ChatId, CircleChainFact.Repriced, Coins.Parse(terms.Price).Value.ToString()), ct);
    }
}
