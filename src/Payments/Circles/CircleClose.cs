using Microsoft.EntityFrameworkCore;
using Mediator;
using OpenChat.Chain.Kernel;
using OpenChat.Chain.Messaging.Circles;
using OpenChat.Chain.Payments.Custody;
using OpenChat.Chain.Payments.Flow;
using OpenChat.Chain.Wallet.Circles;
using OpenChat.Chain.Wallet.Sending;
using OpenChat.Chain.Wallet.Transfers;

namespace OpenChat.Chain.Payments.Circles;

/// <summary>
/// The owner closes a paid circle (<see cref="ManagePaidCircle"/>); once the chain confirms, the chat records it and
/// everyone who ever paid is settled once (one <see cref="CircleSettle"/> for all, found by the reconciler).
/// </summary>
public sealed class CircleClose(IMediator mediator, PaymentsDb payments, PayerAccounts accounts, TimeProvider clock) : IPaymentKind
{
    public PaymentRole Role => PaymentRole.CircleClose;

    public async Task<Result<SentTransfer>> EnqueueAsync(PaymentLink link, PaymentTerms terms, int account, CancellationToken ct) =>
        await mediator.Send(new ManageCircle(account, link.IdempotencyKey, CircleChange.Close, terms.CircleId!), ct);

    public async Task FollowAsync(PaymentLink link, PaymentTerms terms, TransferView transfer, CancellationToken ct)
    {
        if (transfer.Status != TransferStatus.Confirmed) return;
        await mediator.Send(new RecordCircleChain(link.ChatId, CircleChainFact.Closed, "closed"), ct);
        var payers = await payments.Links.AsNoTracking()
            .Where(l => l.ChatId == link.ChatId && l.Role == PaymentRole.CirclePay && l.LastStatus == nameof(TransferStatus.Confirmed))
            .Select(l => l.UserId).Distinct().ToListAsync(ct);
        var members = new List<string>();
        foreach (var payer in payers) members.Add(await accounts.AddressOfAsync(payer, ct));
        if (members.Count == 0) return;
        var settle = new PaymentLink(link.UserId, $"circle:settle:{terms.CircleId}", PaymentRole.CircleSettle, link.ChatId,
            (terms with { Members = members }).ToJson(), null, null, clock.GetUtcNow());
        payments.Links.Add(settle);
        try
        {
            await payments.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            payments.Entry(settle).State = EntityState.Detached; // settled already
        }
    }
}
