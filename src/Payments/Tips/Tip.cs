using Mediator;
using OpenChat.Chain.Kernel;
using OpenChat.Chain.Messaging.Messages;
using OpenChat.Chain.Payments.Custody;
using OpenChat.Chain.Payments.Flow;
using OpenChat.Chain.Wallet.Sending;
using OpenChat.Chain.Wallet.Tips;
using OpenChat.Chain.Wallet.Transfers;

namespace OpenChat.Chain.Payments.Tips;

/// <summary>A tip message's payload: who tipped how much for which message.</summary>
public sealed record TipPayload : CoinsPayload
{
    public Guid? MessageId { get; init; }
}

/// <summary>What a tipped message carries once tips are confirmed: their total and who tipped.</summary>
public sealed record TippedPayload : MessagePayload
{
    public TipTotals? Tips { get; init; }
}

public sealed record TipTotals(string Total, IReadOnlyList<TipBy> By);

public sealed record TipBy(Guid UserId, string Amount, Guid TransferId);

/// <summary>
/// A tip (<see cref="TipMessage"/>): confirmed by the owner, shown as a small message replying to the tipped one; once
/// the chain confirms, the tipped message's total and tippers include it (once per tip).
/// </summary>
public sealed class Tip(IMediator mediator, PayerAccounts accounts, PaymentMessages messages) : IPaymentKind
{
    public PaymentRole Role => PaymentRole.Tip;
    public bool Confirmed => true;
    public bool Posts => true;

    public async Task<Result<SentTransfer>> EnqueueAsync(PaymentLink link, PaymentTerms terms, int account, CancellationToken ct) =>
        await mediator.Send(new SendTip(account, link.IdempotencyKey, await accounts.AddressOfAsync(terms.ToUserId!.Value, ct), terms.Amount,
            PayerAccounts.MessageRef(terms.MessageId!.Value)), ct);

    public async Task<Result<MessageView>?> PostAsync(PaymentLink link, PaymentTerms terms, TransferView transfer, CancellationToken ct) =>
        await messages.PostAsync(link, MessageKind.Tip, terms.Note, new TipPayload
        {
            TransferId = transfer.Id, Amount = Coins.Format(Coins.Parse(terms.Amount).Value), FromUserId = link.UserId, ToUserId = terms.ToUserId,
            MessageId = terms.MessageId,
        }.Tracking<TipPayload>(transfer), terms.MessageId, ct);

    public async Task FollowAsync(PaymentLink link, PaymentTerms terms, TransferView transfer, CancellationToken ct)
    {
        await messages.ChangeAsync<TipPayload>(link.MessageId, p => p.Tracking<TipPayload>(transfer), ct);
        if (transfer.Status == TransferStatus.Confirmed)
            await messages.ChangeAsync<TippedPayload>(terms.MessageId, tipped => AddTip(tipped, link.UserId, transfer), ct);
    }

    static TippedPayload AddTip(TippedPayload tipped, Guid userId, TransferView tip)
    {
        var tips = tipped.Tips ?? new TipTotals("0", []);
        if (tips.By.Any(t => t.TransferId == tip.Id)) return tipped;
        var total = Coins.Parse(tips.Total) is { IsSuccess: true } parsed ? parsed.Value : 0;
        return tipped with { Tips = new TipTotals(Coins.Format(total + Coins.Parse(tip.Amount).Value), [.. tips.By, new TipBy(userId, tip.Amount, tip.Id)]) };
    }
}
