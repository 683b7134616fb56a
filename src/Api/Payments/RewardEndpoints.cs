using System.Security.Claims;
using Mediator;
using Microsoft.AspNetCore.Http.HttpResults;
using OpenChat.Chain.Api.Auth;
using OpenChat.Chain.Payments.Rewards;

namespace OpenChat.Chain.Api.Payments;

/// <summary>Where first coins come from: the welcome reward, invite codes and the invite reward (issue 16).</summary>
public static class RewardEndpoints
{
    public static IEndpointRouteBuilder MapRewardEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/rewards", GetRewards).WithTags("Wallet").RequireAuthorization()
            .WithSummary("Your rewards and the rules")
            .WithDescription("Your welcome reward (on its way, paid, or not paid and why: the pool empty, today's budget spent, the sign-up " +
                "limits), the invite rewards you earned or brought, your invite code if you made one, and the rules as the chain has them " +
                "now (amounts, daily budget and what is left of it today, the pool's balance) with the service's per-IP and per-device limits.");
        app.MapPost("/api/invites", CreateInvite).WithTags("Wallet").RequireAuthorization()
            .WithSummary("Your invite code")
            .WithDescription("Made on first use, the same afterwards. Whoever signs up with it (the sign-up's `inviteCode`) is your " +
                "invitee: when they send their first message, you both receive the invite reward.");
        return app;
    }

    static async Task<Ok<RewardsView>> GetRewards(ClaimsPrincipal user, IMediator mediator, CancellationToken ct) =>
        TypedResults.Ok(await mediator.Send(new GetRewards(user.UserId()), ct));

    static async Task<Ok<InviteView>> CreateInvite(ClaimsPrincipal user, IMediator mediator, CancellationToken ct) =>
        TypedResults.Ok(await mediator.Send(new CreateInvite(user.UserId()), ct));
}
