using System.Numerics;
using System.Security.Claims;
using Mediator;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using OpenChat.Chain.Api.Auth;
using OpenChat.Chain.Api.Payments;
using OpenChat.Chain.Api.Users;
using OpenChat.Chain.Kernel;
using OpenChat.Chain.Messaging;
using OpenChat.Chain.Messaging.Circles;
using OpenChat.Chain.Wallet;
using OpenChat.Chain.Wallet.Chain;
using OpenChat.Chain.Wallet.Keys;
using OpenChat.Chain.Wallet.Sending;
using OpenChat.Chain.Wallet.Transfers;

namespace OpenChat.Chain.Api.Circles;

/// <summary>Paid and token-gated circles: the rule, the public face, join/renew (paid or held), price changes and closing.</summary>
public static class CircleEndpoints
{
    const string IdempotencyKeyHeader = "Idempotency-Key";

    public static IEndpointRouteBuilder MapCircleEndpoints(this IEndpointRouteBuilder app)
    {
        var circles = app.MapGroup("/api/circles/{chatId:guid}").WithTags("Circles").RequireAuthorization();
        circles.MapGet("", GetCircle);
        circles.MapPut("/rule", SetRule);
        circles.MapPost("/join", (Guid chatId, [FromHeader(Name = IdempotencyKeyHeader)] string? key, JoinBody body, ClaimsPrincipal user, IMediator mediator,
            MessagingDb users, WalletKeys keys, ChainStatus chain, PaymentFlow flow, CancellationToken ct) =>
            Join(chatId, key, body, renewing: false, user, mediator, users, keys, chain, flow, ct));
        circles.MapPost("/renew", (Guid chatId, [FromHeader(Name = IdempotencyKeyHeader)] string? key, JoinBody body, ClaimsPrincipal user, IMediator mediator,
            MessagingDb users, WalletKeys keys, ChainStatus chain, PaymentFlow flow, CancellationToken ct) =>
            Join(chatId, key, body, renewing: true, user, mediator, users, keys, chain, flow, ct));
        circles.MapPut("/price", ChangePrice);
        circles.MapPost("/close", Close);
        return app;
    }

    /// <summary>Anyone signed in sees a circle's name, description, rule, price and member count; never its messages.</summary>
    static async Task<Results<Ok<CircleView>, ProblemHttpResult>> GetCircle(Guid chatId, IMediator mediator, CancellationToken ct)
    {
        var info = await mediator.Send(new GetCircleInfo(chatId), ct);
        return info.Error is { } error ? error.ToProblem() : TypedResults.Ok(CircleView.Of(info.Value!));
    }

    static async Task<Results<Ok<CircleView>, ProblemHttpResult>> SetRule(Guid chatId, RuleBody body, ClaimsPrincipal user, IMediator mediator,
        PaymentSteps steps, TimeProvider clock, CancellationToken ct)
    {
        if (!Enum.TryParse<CircleAccess>(body.Access, ignoreCase: true, out var access)) return Problems.Invalid("access", "Open, InviteOnly, Pay, Hold or PayAndHold");
        if (Units(body.Price) is not { } price) return Problems.Invalid("price", "A number of whole coins, e.g. \"5\"");
        if (Units(body.MinBalance) is not { } minBalance) return Problems.Invalid("minBalance", "A number of whole coins, e.g. \"100\"");
        if (body.HoldMeasure is not (null or "balance" or "votes")) return Problems.Invalid("holdMeasure", "\"balance\" (the default) or \"votes\"");
        var set = await mediator.Send(new SetCircleRule(user.UserId(), chatId, access, body.Description, price.ToString(), body.PeriodSeconds ?? 0,
            minBalance.ToString(), body.HoldMeasure == "votes"), ct);
        if (set.Error is { } error) return error.ToProblem();
        if (set.Value!.Access is "Pay" or "PayAndHold" && set.Value.OnChainId is null)
        {
            // Registered on chain from the owner's account; the circle takes payments once the chain has it.
            var terms = new PaymentTerms(PaymentKind.Circle, chatId, "0", $"circle:register:{chatId}", Price: Coins.Format(price),
                PeriodSeconds: body.PeriodSeconds);
            var (link, created) = await steps.RecordAsync(new PaymentLink(user.UserId(), terms.IdempotencyKey!, PaymentRole.CircleRegister, chatId,
                terms.ToJson(), null, null, clock.GetUtcNow()), ct);
            if (created && (await steps.EnqueueAsync(link, ct)).Error is { } refused)
            {
                await steps.ForgetAsync(link, ct);
                return refused.ToProblem();
            }
        }
        return TypedResults.Ok(CircleView.Of(set.Value));
    }

    /// <summary>
    /// Pay to join (or renew) at the price the member saw (expectedPrice, bound by the passkey confirmation; a changed price
    /// is a 409 and nothing is charged), or hold to join: admitted now if the balance reaches the minimum.
    /// </summary>
    static async Task<Results<Ok<CircleView>, Accepted<PaymentView>, Ok<PaymentView>, ProblemHttpResult>> Join(Guid chatId, string? key, JoinBody body,
        bool renewing, ClaimsPrincipal user, IMediator mediator, MessagingDb users, WalletKeys keys, ChainStatus chain, PaymentFlow flow, CancellationToken ct)
    {
        var info = await mediator.Send(new GetCircleInfo(chatId), ct);
        if (info.Error is { } missing) return missing.ToProblem();
        var circle = info.Value!;
        if (circle.Closed) return WalletErrors.CircleClosed.ToProblem();
        if (circle.Access is "Open" or "InviteOnly") return MessagingErrors.CircleRuleApplies.ToProblem();
        var userId = user.UserId();
        var account = await users.RequiredAccountIndexAsync(userId, ct);
        // Joining twice is a mistake worth saying; a member extends with /renew (a lapsed one may use either).
        if (!renewing && await users.Members.AnyAsync(m => m.ChatId == chatId && m.UserId == userId
                && m.Status == OpenChat.Chain.Messaging.Chats.MembershipStatus.Active, ct))
            return CircleErrors.AlreadyMember.ToProblem();
        if (circle.Access is "Hold" or "PayAndHold")
        {
            if (chain.Connection is not { } connection || keys.Wallet is not { } wallet) return WalletErrors.ChainUnavailable.ToProblem();
            var held = await CircleHolding.OfAsync(connection, circle, wallet.AddressOf(account), ct);
            var minimum = BigInteger.Parse(circle.MinBalance);
            if (held < minimum)
                return CircleErrors.HoldTooLow.With($"Joining takes at least {Coins.Format(minimum)} {CircleHolding.Unit(circle)}; you have {Coins.Format(held)}").ToProblem();
            if (circle.Access == "Hold")
            {
                var name = await users.Users.AsNoTracking().Where(u => u.Id == userId).Select(u => u.DisplayName).FirstAsync(ct);
                var joined = await mediator.Send(new ChangeCircleMembership(chatId, userId, CircleMove.Join,
                    $"{name} joined: holds at least {Coins.Format(minimum)} {CircleHolding.Unit(circle)}"), ct);
                if (joined.Error is { } error) return error.ToProblem();
                return TypedResults.Ok(CircleView.Of((await mediator.Send(new GetCircleInfo(chatId), ct)).Value!));
            }
        }
        if (circle.OnChainId is null) return CircleErrors.NotRegistered.ToProblem();
        if (body.Periods is not (>= 1 and <= 10_000)) return Problems.Invalid("periods", "Pay for 1 to 10000 periods");
        if (Units(body.ExpectedPrice) is not { Sign: > 0 } expected) return Problems.Invalid("expectedPrice", "The price per period you were shown, in whole coins");
        var terms = new PaymentTerms(PaymentKind.Circle, chatId, Coins.Format(expected * body.Periods.Value), key, Periods: body.Periods,
            Price: Coins.Format(expected), CircleId: circle.OnChainId);
        var paid = await flow.RunAsync(userId, PaymentRole.CirclePay, terms, body.Confirmation, null, ct);
        if (paid.Error is { } payError) return payError.ToProblem();
        return paid.Value!.Created ? TypedResults.Accepted((string?)null, paid.Value) : TypedResults.Ok(paid.Value);
    }

    static async Task<Results<Accepted<PaymentView>, ProblemHttpResult>> ChangePrice(Guid chatId, PriceBody body, ClaimsPrincipal user,
        IMediator mediator, PaymentSteps steps, TimeProvider clock, CancellationToken ct)
    {
        if (Units(body.Price) is not { Sign: > 0 } price) return Problems.Invalid("price", "A positive number of whole coins");
        return await OwnerActionAsync(chatId, user, mediator, steps, clock, PaymentRole.CirclePrice, $"circle:price:{chatId}:{Guid.NewGuid():N}",
            Coins.Format(price), ct);
    }

    static Task<Results<Accepted<PaymentView>, ProblemHttpResult>> Close(Guid chatId, ClaimsPrincipal user, IMediator mediator, PaymentSteps steps,
        TimeProvider clock, CancellationToken ct) =>
        OwnerActionAsync(chatId, user, mediator, steps, clock, PaymentRole.CircleClose, $"circle:close:{chatId}", null, ct);

    static async Task<Results<Accepted<PaymentView>, ProblemHttpResult>> OwnerActionAsync(Guid chatId, ClaimsPrincipal user, IMediator mediator,
        PaymentSteps steps, TimeProvider clock, PaymentRole role, string key, string? price, CancellationToken ct)
    {
        var info = await mediator.Send(new GetCircleInfo(chatId), ct);
        if (info.Error is { } missing) return missing.ToProblem();
        if (info.Value!.OwnerId != user.UserId()) return WalletErrors.CircleNotOwner.ToProblem();
        if (info.Value.OnChainId is null) return CircleErrors.NotRegistered.ToProblem();
        var terms = new PaymentTerms(PaymentKind.Circle, chatId, "0", key, Price: price, CircleId: info.Value.OnChainId);
        var (link, created) = await steps.RecordAsync(new PaymentLink(user.UserId(), key, role, chatId, terms.ToJson(), null, null, clock.GetUtcNow()), ct);
        var sent = await steps.EnqueueAsync(link, ct);
        if (sent.Error is { } error)
        {
            if (created) await steps.ForgetAsync(link, ct);
            return error.ToProblem();
        }
        return TypedResults.Accepted((string?)null, new PaymentView(link.Id, sent.Value!.Id, null, sent.Value.Status.ToString(), sent.Value.TxHash, null, created));
    }

    static BigInteger? Units(string? coins) => coins is null or "0" ? BigInteger.Zero : Coins.Parse(coins) is { IsSuccess: true } parsed ? parsed.Value : null;

}

public static class CircleErrors
{
    public static readonly Error HoldTooLow = new("circle.hold_too_low", ErrorKind.Conflict);
    public static readonly Error AlreadyMember = new("circle.already_member", ErrorKind.Conflict,
        "You are already a member; POST /api/circles/{chatId}/renew extends a paid membership");
    public static readonly Error NotRegistered = new("circle.not_registered", ErrorKind.Conflict,
        "The circle is being registered on chain; try again in a moment");
}

/// <summary>A circle as clients show it: amounts in whole coins.</summary>
public sealed record CircleView(Guid ChatId, string Title, string Description, string Access, string Price, long PeriodSeconds, string MinBalance,
    int MemberCount, string? OnChainId, bool Closed, string HoldMeasure = "balance")
{
    public static CircleView Of(CircleInfo i) => new(i.ChatId, i.Title, i.Description, i.Access, Coins.Format(BigInteger.Parse(i.Price)), i.PeriodSeconds,
        Coins.Format(BigInteger.Parse(i.MinBalance)), i.MemberCount, i.OnChainId, i.Closed, i.HoldMeasuresVotes ? "votes" : "balance");
}

/// <param name="HoldMeasure">What hold-to-join counts: "balance" (CHAT held, the default) or "votes" (voting power).</param>
public sealed record RuleBody(string? Access, string? Description = null, string? Price = null, long? PeriodSeconds = null, string? MinBalance = null,
    string? HoldMeasure = null);

public sealed record JoinBody(int? Periods = null, string? ExpectedPrice = null, PaymentConfirmation? Confirmation = null);

public sealed record PriceBody(string? Price);
