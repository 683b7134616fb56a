using Mediator;
using Microsoft.AspNetCore.Http.HttpResults;
using OpenChat.Chain.Payments.Rules;

namespace OpenChat.Chain.Api.Payments;

/// <summary>The rules money forms check as the person types: the same the server applies before a passkey is asked.</summary>
public static class MoneyRuleEndpoints
{
    public static RouteGroupBuilder MapMoneyRuleEndpoints(this IEndpointRouteBuilder app)
    {
        var rules = app.MapGroup("/api/payments").WithTags("Payments").RequireAuthorization();
        rules.MapGet("/rules", GetMoneyRules)
            .WithSummary("Get the rules money forms check")
            .WithDescription("Decimals of an amount, and a red envelope's minimum share (CHAT), maximum number of shares and longest " +
                "lifetime (hours): governance parameters read from the chain. The confirmation endpoint checks the same before any prompt.");
        return rules;
    }

    static async Task<Ok<MoneyRules>> GetMoneyRules(IMediator mediator, CancellationToken ct) =>
        TypedResults.Ok(await mediator.Send(new GetMoneyRules(), ct));
}
