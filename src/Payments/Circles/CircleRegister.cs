using Mediator;
using OpenChat.Chain.Kernel;
using OpenChat.Chain.Messaging.Circles;
using OpenChat.Chain.Payments.Custody;
using OpenChat.Chain.Payments.Flow;
using OpenChat.Chain.Wallet.Circles;
using OpenChat.Chain.Wallet.Sending;
using OpenChat.Chain.Wallet.Transfers;

namespace OpenChat.Chain.Payments.Circles;

/// <summary>A paid circle registered on chain from its owner's account (<see cref="ApplyCircleRule"/>); the chat records its on-chain id.</summary>
public sealed class CircleRegister(IMediator mediator) : IPaymentKind
{
    public PaymentRole Role => PaymentRole.CircleRegister;

    public async Task<Result<SentTransfer>> EnqueueAsync(PaymentLink link, PaymentTerms terms, int account, CancellationToken ct) =>
        await mediator.Send(new RegisterCircle(account, link.IdempotencyKey, Coins.Parse(terms.Price).Value, (ulong)terms.PeriodSeconds!.Value,
            PayerAccounts.MessageRef(terms.ChatId)), ct);

    public async Task FollowAsync(PaymentLink link, PaymentTerms terms, TransferView transfer, CancellationToken ct)
    {
        if (transfer.Status == TransferStatus.Confirmed)
            await mediator.Send(new RecordCircleChain(link.ChatId, CircleChainFact.Registered, transfer.Outcome!), ct);
    }
}
