using Microsoft.AspNetCore.Http.HttpResults;
using OpenChat.Chain.Identity;

namespace OpenChat.Chain.Api.Auth;

/// <summary>Sign-In with Ethereum (EIP-4361): get a nonce, sign a message that names it, send both.</summary>
public static class SiweEndpoints
{
    public static RouteGroupBuilder MapSiweEndpoints(this IEndpointRouteBuilder app)
    {
        var siwe = app.MapGroup("/api/auth/siwe").WithTags("Auth").RequireRateLimiting(SignInRateLimit.Policy);
        siwe.MapPost("/nonce", async (SiweSignIn siwe, CancellationToken ct) => TypedResults.Ok(await siwe.IssueNonce(ct)))
            .WithSummary("Get a nonce for Sign-In with Ethereum");
        siwe.MapPost("/", SignIn)
            .WithSummary("Sign in with an Ethereum key")
            .WithDescription("No session needed. Checks the EIP-4361 message (its nonce, domain and times) and its personal_sign signature; " +
                "creates the account on first use and starts a session.");
        return siwe;
    }

    static async Task<Results<Ok<SessionView>, ProblemHttpResult>> SignIn(
        SiweSignInBody body, SiweSignIn siwe, Sessions sessions, HttpContext http, CancellationToken ct)
    {
        var result = await siwe.SignIn(body.Message, body.Signature, ct);
        if (result.Error is { } error) return error.ToProblem();
        return TypedResults.Ok(await sessions.Start(http, result.Value!, "siwe", ct));
    }
}

/// <summary>The exact EIP-4361 text the wallet signed, and its personal_sign signature (0x + 65 bytes hex).</summary>
public sealed record SiweSignInBody(string Message, string Signature);
