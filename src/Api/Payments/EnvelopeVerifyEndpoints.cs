using Mediator;
using Microsoft.AspNetCore.Http.HttpResults;
using OpenChat.Chain.Wallet.Envelopes;

namespace OpenChat.Chain.Api.Payments;

/// <summary>"Verify this envelope": a Fair red envelope's shares recomputed from chain data and compared with what was paid.</summary>
public static class EnvelopeVerifyEndpoints
{
    public static IEndpointRouteBuilder MapEnvelopeVerifyEndpoints(this IEndpointRouteBuilder app)
    {
        var envelopes = app.MapGroup("/api/envelopes").WithTags("Payments").RequireAuthorization();
        envelopes.MapGet("/{envelopeId}/verification", Verify)
            .WithSummary("Verify a red envelope's shares")
            .WithDescription("For a Fair envelope: checks the revealed seed against the commitment made at creation, the entropy against the " +
                "closing block's hash, and recomputes every share from them, comparing each with the amount paid (all read from the chain).");
        return envelopes;
    }

    static async Task<Results<Ok<EnvelopeVerification>, ProblemHttpResult>> Verify(string envelopeId, IMediator mediator, CancellationToken ct)
    {
        var result = await mediator.Send(new VerifyEnvelope(envelopeId), ct);
        if (result.Error is { } error) return error.ToProblem();
        return TypedResults.Ok(result.Value!);
    }
}
