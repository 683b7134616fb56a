using System.Numerics;
using System.Security.Claims;
using Mediator;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using OpenChat.Chain.Api.Auth;
using OpenChat.Chain.Messaging.Circles;
using OpenChat.Chain.Payments.Circles;
using OpenChat.Chain.Payments.Custody;
using OpenChat.Chain.Payments.Flow;
using OpenChat.Chain.Wallet.Transfers;

namespace OpenChat.Chain.Api.Circles;

/// <summary>Paid and token-gated circles: the rule, the public face, join/renew (paid or held), price changes and closing.</summary>
public static class CircleEndpoints
{
    const string IdempotencyKeyHeader = "Idempotency-Key";

    public static IEndpointRouteBuilder MapCircleEndpoints(this IEndpointRouteBuilder app)
    {
        var circles = app.MapGroup("/api/circles/{chatId:guid}").WithTags("Circles").RequireAuthorization();
        circles.MapGet("", GetCircle)
            .WithSummary("Get a circle's public face")
            .WithDescription("For anyone signed in: name, description, rule, price and member count, never its messages.");
        circles.MapPut("/rule", SetRule)
            .WithSummary("Set who may join a circle")
            .WithDescription("For the group's owner: open, invite only, pay, hold, or pay and hold, with the price, period and minimum holding. " +
                "A new paid circle is registered on chain from the owner's account.");
        circles.MapPost("/join", (Guid chatId, [FromHeader(Name = IdempotencyKeyHeader)] string? key, JoinBody body, ClaimsPrincipal user,
            IMediator mediator, CancellationToken ct) => Join(chatId, key, body, renewing: false, user, mediator, ct))
            .WithSummary("Join a circle")
            .WithDescription("Paying circles take a payment confirmed by the owner (202 while it settles); holding circles check the balance or " +
                "votes and answer the circle.");
        circles.MapPost("/renew", (Guid chatId, [FromHeader(Name = IdempotencyKeyHeader)] string? key, JoinBody body, ClaimsPrincipal user,
            IMediator mediator, CancellationToken ct) => Join(chatId, key, body, renewing: true, user, mediator, ct))
            .WithSummary("Renew your circle membership")
            .WithDescription("Pays for further periods, confirmed by the owner like joining.");
        circles.MapPut("/price", ChangePrice)
            .WithSummary("Change a paid circle's price")
            .WithDescription("For the circle's owner; queued on chain (202).");
        circles.MapPost("/close", (Guid chatId, ClaimsPrincipal user, IMediator m, CancellationToken ct) =>
                Queued(m, new ManagePaidCircle(user.UserId(), chatId, PaymentRole.CircleClose), ct))
            .WithSummary("Close a paid circle")
            .WithDescription("For the circle's owner; queued on chain (202).");
        return app;
    }

    /// <summary>Anyone signed in sees a circle's name, description, rule, price and member count; never its messages.</summary>
    static async Task<Results<Ok<CircleView>, ProblemHttpResult>> GetCircle(Guid chatId, IMediator mediator, CancellationToken ct)
    {
        var info = await mediator.Send(new GetCircleInfo(chatId), ct);
        return info.Error is { } error ? error.ToProblem() : TypedResults.Ok(CircleView.Of(info.Value!));
    }

    static async Task<Results<Ok<CircleView>, ProblemHttpResult>> SetRule(Guid chatId, RuleBody body, ClaimsPrincipal user, IMediator mediator,
        CancellationToken ct)
    {
        if (!Enum.TryParse<CircleAccess>(body.Access, ignoreCase: true, out var access)) return Problems.Invalid("access", "Open, InviteOnly, Pay, Hold or PayAndHold");
        if (Units(body.Price) is not { } price) return Problems.Invalid("price", "A number of whole coins, e.g. \"5\"");
        if (Units(body.MinBalance) is not { } minBalance) return Problems.Invalid("minBalance", "A number of whole coins, e.g. \"100\"");
        if (body.HoldMeasure is not (null or "balance" or "votes")) return Problems.Invalid("holdMeasure", "\"balance\" (the default) or \"votes\"");
        var set = await mediator.Send(new ApplyCircleRule(user.UserId(), chatId, access, body.Description, price, body.PeriodSeconds, minBalance,
            body.HoldMeasure == "votes"), ct);
        return set.Error is { } error ? error.ToProblem() : TypedResults.Ok(CircleView.Of(set.Value!));
    }

    static async Task<Results<Ok<CircleView>, Accepted<PaymentView>, Ok<PaymentView>, ProblemHttpResult>> Join(Guid chatId, string? key, JoinBody body,
        bool renewing, ClaimsPrincipal user, IMediator mediator, CancellationToken ct)
    {
        var joined = await mediator.Send(new JoinCircle(user.UserId(), chatId, key, body.Periods,
            Units(body.ExpectedPrice) is { Sign: > 0 } expected ? expected : null, body.Confirmation, renewing), ct);
        if (joined.Error is { } error) return error.ToProblem();
        return joined.Value! switch
        {
            { Invalid: { } invalid } => Problems.Invalid(invalid.Field, invalid.Error.Detail!),
            { Held: { } held } => TypedResults.Ok(CircleView.Of(held)),
            { Paid: { Created: true } paid } => TypedResults.Accepted((string?)null, paid),
            { Paid: { } paid } => TypedResults.Ok(paid),
            _ => throw new InvalidOperationException("a join answers with a circle, a payment or a refusal"),
        };
    }

    static async Task<Results<Accepted<PaymentView>, ProblemHttpResult>> ChangePrice(Guid chatId, PriceBody body, ClaimsPrincipal user,
        IMediator mediator, CancellationToken ct)
    {
        if (Units(body.Price) is not { Sign: > 0 } price) return Problems.Invalid("price", "A positive number of whole coins");
        return await Queued(mediator, new ManagePaidCircle(user.UserId(), chatId, PaymentRole.CirclePrice, price), ct);
    }

    /// <summary>An owner's change queued on chain: 202, or the error's ProblemDetails.</summary>
    static async Task<Results<Accepted<PaymentView>, ProblemHttpResult>> Queued(IMediator mediator, ManagePaidCircle change, CancellationToken ct)
    {
        var result = await mediator.Send(change, ct);
        return result.Error is { } error ? error.ToProblem() : TypedResults.Accepted((string?)null, result.Value);
    }

    static BigInteger? Units(string? coins) => coins is null or "0" ? BigInteger.Zero : Coins.Parse(coins) is { IsSuccess: true } parsed ? parsed.Value : null;
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
