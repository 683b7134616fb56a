using Mediator;
using OpenChat.Chain.Kernel;
using OpenChat.Chain.Messaging.Circles;
using OpenChat.Chain.Payments.Custody;
using OpenChat.Chain.Payments.Flow;
using OpenChat.Chain.Wallet.Circles;
using OpenChat.Chain.Wallet.Sending;
using OpenChat.Chain.Wallet.Transfers;

namespace OpenChat.Chain.Payments.Circles;

/// <summary>After a close, every member who paid is settled once: the contract refunds their unused whole periods.</summary>
public sealed class CircleSettle(IMediator mediator) : IPaymentKind
{
    public PaymentRole Role => PaymentRole.CircleSettle;

    public async Task<Result<SentTransfer>> EnqueueAsync(PaymentLink link, PaymentTerms terms, int account, CancellationToken ct) =>
        await mediator.Send(new ManageCircle(account, link.IdempotencyKey, CircleChange.Settle, terms.CircleId!, Members: terms.Members), ct);

    public Task FollowAsync(PaymentLink link, PaymentTerms terms, TransferView transfer, CancellationToken ct) => Task.CompletedTask;
}
