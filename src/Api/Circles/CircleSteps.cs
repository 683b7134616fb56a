using System.Globalization;
using Mediator;
using Microsoft.EntityFrameworkCore;
using OpenChat.Chain.Api.Payments;
using OpenChat.Chain.Api.Users;
using OpenChat.Chain.Messaging;
using OpenChat.Chain.Messaging.Circles;
using OpenChat.Chain.Wallet.Keys;
using OpenChat.Chain.Wallet.Sending;
using OpenChat.Chain.Wallet.Transfers;

namespace OpenChat.Chain.Api.Circles;

/// <summary>
/// What a circle's confirmed chain transaction changes in the chat: the registered id and new prices are recorded, a
/// confirmed payment admits (or renews) the member, a close is recorded and every member who paid is settled (their
/// unused whole periods refunded by the contract).
/// </summary>
public sealed class CircleSteps(IMediator mediator, MessagingDb users, PaymentsDb payments, WalletKeys keys, TimeProvider clock)
{
    public async Task ConfirmedAsync(PaymentLink link, PaymentTerms terms, TransferView transfer, CancellationToken ct)
    {
        switch (link.Role)
        {
            case PaymentRole.CircleRegister:
                await mediator.Send(new RecordCircleChain(link.ChatId, CircleChainFact.Registered, transfer.Outcome!), ct);
                break;
            case PaymentRole.CirclePrice:
                await mediator.Send(new RecordCircleChain(link.ChatId, CircleChainFact.Repriced, Coins.Parse(terms.Price).Value.ToString()), ct);
                break;
            case PaymentRole.CirclePay:
                var active = await users.Members.AnyAsync(m => m.ChatId == link.ChatId && m.UserId == link.UserId
                    && m.Status == OpenChat.Chain.Messaging.Chats.MembershipStatus.Active, ct);
                var until = DateTimeOffset.FromUnixTimeSeconds(long.Parse(transfer.Outcome ?? "0", CultureInfo.InvariantCulture));
                var name = await NameAsync(link.UserId, ct);
                var periods = terms.Periods == 1 ? "1 period" : $"{terms.Periods} periods";
                await mediator.Send(new ChangeCircleMembership(link.ChatId, link.UserId, active ? CircleMove.Renew : CircleMove.Join,
                    $"{name} {(active ? "renewed" : "joined")}: paid {periods} at {Coins.Format(Coins.Parse(terms.Price).Value)} CHAT, member until {until:u}"), ct);
                break;
            case PaymentRole.CircleClose:
                await mediator.Send(new RecordCircleChain(link.ChatId, CircleChainFact.Closed, "closed"), ct);
                await SettleAllAsync(link, terms, ct);
                break;
        }
    }

    /// <summary>After a close, everyone who ever paid is settled once: the contract refunds whatever they hold unused.</summary>
    async Task SettleAllAsync(PaymentLink close, PaymentTerms terms, CancellationToken ct)
    {
        var payers = await payments.Links.AsNoTracking()
            .Where(l => l.ChatId == close.ChatId && l.Role == PaymentRole.CirclePay && l.LastStatus == nameof(TransferStatus.Confirmed))
            .Select(l => l.UserId).Distinct().ToListAsync(ct);
        var steps = new List<string>();
        foreach (var payer in payers) steps.Add(await AddressAsync(payer, ct));
        if (steps.Count == 0) return;
        var settle = new PaymentLink(close.UserId, $"circle:settle:{terms.CircleId}", PaymentRole.CircleSettle, close.ChatId,
            (terms with { Members = steps }).ToJson(), null, null, clock.GetUtcNow());
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

    async Task<string> NameAsync(Guid userId, CancellationToken ct) =>
        await users.Users.AsNoTracking().Where(u => u.Id == userId).Select(u => u.DisplayName).FirstOrDefaultAsync(ct) ?? "someone";

    async Task<string> AddressAsync(Guid userId, CancellationToken ct)
    {
        var index = await users.RequiredAccountIndexAsync(userId, ct);
        return (keys.Wallet ?? throw new InvalidOperationException("wallet keys not loaded")).AddressOf(index);
    }
}
