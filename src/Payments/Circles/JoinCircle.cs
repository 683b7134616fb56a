using System.Numerics;
using Mediator;
using Microsoft.EntityFrameworkCore;
using OpenChat.Chain.Kernel;
using OpenChat.Chain.Messaging;
using OpenChat.Chain.Messaging.Chats;
using OpenChat.Chain.Messaging.Circles;
using OpenChat.Chain.Payments.Custody;
using OpenChat.Chain.Payments.Flow;
using OpenChat.Chain.Wallet;
using OpenChat.Chain.Wallet.Chain;
using OpenChat.Chain.Wallet.Keys;
using OpenChat.Chain.Wallet.Transfers;

namespace OpenChat.Chain.Payments.Circles;

/// <summary>
/// Pay to join (or renew) at the price the member saw (<see cref="ExpectedPrice"/>, bound by the owner's confirmation; a
/// changed price is refused by the chain and nothing is charged), or hold to join: admitted now if the holding reaches the
/// minimum. <see cref="Renewing"/>: a member extends; joining twice is a mistake worth saying.
/// </summary>
public sealed record JoinCircle(Guid UserId, Guid ChatId, string? IdempotencyKey, int? Periods, BigInteger? ExpectedPrice,
    PaymentConfirmation? Confirmation, bool Renewing) : ICommand<Result<CircleJoin>>;

/// <summary>Admitted at once (<see cref="Held"/>), a payment on its way (<see cref="Paid"/>), or a field refused (<see cref="Invalid"/>).</summary>
public sealed record CircleJoin(CircleInfo? Held = null, PaymentView? Paid = null, Refusal? Invalid = null);

public sealed class JoinCircleHandler(IMediator mediator, MessagingDb users, WalletKeys keys, ChainStatus chain, PaymentFlow flow)
    : ICommandHandler<JoinCircle, Result<CircleJoin>>
{
    public async ValueTask<Result<CircleJoin>> Handle(JoinCircle command, CancellationToken ct)
    {
        var info = await mediator.Send(new GetCircleInfo(command.ChatId), ct);
        if (info.Error is { } missing) return missing;
        var circle = info.Value!;
        if (circle.Closed) return MessagingErrors.CircleClosed; // the chat's rule says so; the chain (Wallet) refuses a payment too
        if (!circle.IsPaid() && !circle.IsHeld()) return MessagingErrors.CircleRuleApplies;
        var account = await users.RequiredAccountIndexAsync(command.UserId, ct);
        if (!command.Renewing && await users.Members.AnyAsync(m => m.ChatId == command.ChatId && m.UserId == command.UserId
                && m.Status == MembershipStatus.Active, ct))
            return CircleErrors.AlreadyMember;
        if (circle.IsHeld())
        {
            if (chain.Connection is not { } connection || keys.Wallet is not { } wallet) return WalletErrors.ChainUnavailable;
            var held = await CircleHolding.OfAsync(connection, circle, wallet.AddressOf(account), ct);
            var minimum = BigInteger.Parse(circle.MinBalance);
            if (held < minimum)
                return CircleErrors.HoldTooLow.With($"Joining takes at least {Coins.Format(minimum)} {CircleHolding.Unit(circle)}; you have {Coins.Format(held)}");
            if (!circle.IsPaid())
            {
                var name = await users.Users.AsNoTracking().Where(u => u.Id == command.UserId).Select(u => u.DisplayName).FirstAsync(ct);
                var joined = await mediator.Send(new ChangeCircleMembership(command.ChatId, command.UserId, CircleMove.Join,
                    $"{name} joined: holds at least {Coins.Format(minimum)} {CircleHolding.Unit(circle)}"), ct);
                if (joined.Error is { } error) return error;
                return new CircleJoin(Held: (await mediator.Send(new GetCircleInfo(command.ChatId), ct)).Value!);
            }
        }
        if (circle.OnChainId is null) return CircleErrors.NotRegistered;
        if (command.Periods is not { } periods || periods is < 1 or > 10_000) return new CircleJoin(Invalid: new(CircleErrors.Periods, "periods"));
        if (command.ExpectedPrice is not { Sign: > 0 } expected) return new CircleJoin(Invalid: new(CircleErrors.ExpectedPrice, "expectedPrice"));
        var terms = new PaymentTerms(PaymentKind.Circle, command.ChatId, Coins.Format(expected * periods), command.IdempotencyKey, Periods: periods,
            Price: Coins.Format(expected), CircleId: circle.OnChainId);
        var paid = await flow.RunAsync(command.UserId, PaymentRole.CirclePay, terms, command.Confirmation, null, ct);
        if (paid.Error is { } payError) return payError;
        return new CircleJoin(Paid: paid.Value);
    }
}
