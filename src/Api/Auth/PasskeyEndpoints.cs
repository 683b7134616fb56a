using System.Security.Claims;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;

namespace OpenChat.Chain.Api.Auth;

/// <summary>Passkey sign-up and sign-in (no session needed), and adding a device's passkey to a signed-in account.</summary>
public static class PasskeyEndpoints
{
    public static RouteGroupBuilder MapPasskeyEndpoints(this IEndpointRouteBuilder app)
    {
        var passkeys = app.MapGroup("/api/auth/passkeys").WithTags("Auth");
        passkeys.MapPost("/sign-up/options", SignUpOptions).RequireRateLimiting(SignInRateLimit.Policy);
        passkeys.MapPost("/sign-up", SignUp).RequireRateLimiting(SignInRateLimit.Policy);
        passkeys.MapPost("/sign-in/options", SignInOptions).RequireRateLimiting(SignInRateLimit.Policy);
        passkeys.MapPost("/sign-in", SignIn).RequireRateLimiting(SignInRateLimit.Policy);
        passkeys.MapGet("/", ListPasskeys).RequireAuthorization();
        passkeys.MapPost("/options", AddPasskeyOptions).RequireAuthorization();
        passkeys.MapPost("/", AddPasskey).RequireAuthorization();
        return passkeys;
    }

    static async Task<Results<Ok<CeremonyOptions>, ProblemHttpResult>> SignUpOptions(
        SignUpOptionsBody body, PasskeyCeremonies passkeys, CancellationToken ct) =>
        (await passkeys.BeginSignUp(body.Handle, body.DisplayName, ct)).ToOkOrProblem();

    static async Task<Results<Created<SessionView>, ProblemHttpResult>> SignUp(
        PasskeyRegistrationBody body, PasskeyCeremonies passkeys, Sessions sessions, HttpContext http, CancellationToken ct)
    {
        var result = await passkeys.CompleteSignUp(body.CeremonyId, body.Credential, ct);
        if (result.Error is { } error) return error.ToProblem();
        var session = await sessions.Start(http, result.Value!, "passkey", ct);
        return TypedResults.Created($"/api/users/{session.User.Id}", session);
    }

    static async Task<Ok<CeremonyOptions>> SignInOptions(PasskeyCeremonies passkeys, CancellationToken ct) =>
        TypedResults.Ok(await passkeys.BeginSignIn(ct));

    static async Task<Results<Ok<SessionView>, ProblemHttpResult>> SignIn(
        PasskeySignInBody body, PasskeyCeremonies passkeys, Sessions sessions, HttpContext http, CancellationToken ct)
    {
        var result = await passkeys.CompleteSignIn(body.CeremonyId, body.Credential, ct);
        if (result.Error is { } error) return error.ToProblem();
        return TypedResults.Ok(await sessions.Start(http, result.Value!, "passkey", ct));
    }

    static async Task<Ok<IReadOnlyList<PasskeyView>>> ListPasskeys(ClaimsPrincipal user, PasskeyCeremonies passkeys, CancellationToken ct) =>
        TypedResults.Ok(await passkeys.List(user.UserId(), ct));

    static async Task<Results<Ok<CeremonyOptions>, ProblemHttpResult>> AddPasskeyOptions(
        ClaimsPrincipal user, PasskeyCeremonies passkeys, CancellationToken ct) =>
        (await passkeys.BeginAdd(user.UserId(), ct)).ToOkOrProblem();

    static async Task<Results<Created<PasskeyView>, ProblemHttpResult>> AddPasskey(
        PasskeyRegistrationBody body, ClaimsPrincipal user, PasskeyCeremonies passkeys, CancellationToken ct)
    {
        var result = await passkeys.CompleteAdd(user.UserId(), body.CeremonyId, body.Credential, ct);
        if (result.Error is { } error) return error.ToProblem();
        return TypedResults.Created($"/api/auth/passkeys/{result.Value!.Id}", result.Value);
    }
}

public sealed record SignUpOptionsBody(string Handle, string DisplayName);

/// <summary>The ceremony id from the options, and navigator.credentials.create()'s PublicKeyCredential as JSON (base64url bytes).</summary>
public sealed record PasskeyRegistrationBody(string CeremonyId, JsonElement Credential);

/// <summary>The ceremony id from the options, and navigator.credentials.get()'s PublicKeyCredential as JSON (base64url bytes).</summary>
public sealed record PasskeySignInBody(string CeremonyId, JsonElement Credential);
