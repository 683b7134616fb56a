using System.Globalization;
using Microsoft.EntityFrameworkCore;
using OpenChat.Chain.Messaging;
using OpenChat.Chain.Messaging.Chats;
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
/// A member pays to join or renew (<see cref="JoinCircle"/>): confirmed by the owner of the coins; once the chain
/// confirms, the member is admitted (or renewed) with a notice saying until when.
/// </summary>
public sealed class CirclePay(IMediator mediator, MessagingDb users, PayerAccounts accounts) : IPaymentKind
{
    public PaymentRole Role => PaymentRole.CirclePay;
    public bool Confirmed => true;

    public async Task<Result<SentTransfer>> EnqueueAsync(PaymentLink link, PaymentTerms terms, int account, CancellationToken ct) =>
        await mediator.Send(new PayCircle(account, link.IdempotencyKey, terms.CircleId!, (ulong)terms.Periods!.Value, Coins.Parse(terms.Price).Value), ct);

    public async Task FollowAsync(PaymentLink link, PaymentTerms terms, TransferView transfer, CancellationToken ct)
    {
        if (transfer.Status != TransferStatus.Confirmed) return;
        var active = await users.Members.AnyAsync(m => m.ChatId == link.ChatId && m.UserId == link.UserId && m.Status == MembershipStatus.Active, ct);
        var until = DateTimeOffset.FromUnixTimeSeconds(long.Parse(transfer.Outcome ?? "0", CultureInfo.InvariantCulture));
        var name = await accounts.NameOfAsync(link.UserId, ct);
        var periods = terms.Periods == 1 ? "1 period" : $"{terms.Periods} periods";
        await mediator.Send(new ChangeCircleMembership(link.ChatId, link.UserId, active ? CircleMove.Renew : CircleMove.Join,
            $"{name} {(active ? "renewed" : "joined")}: paid {periods} at {Coins.Format(Coins.Parse(terms.Price).Value)} CHAT, member until {until:u}"), ct);
    }
}
