using System.Security.Claims;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Mediator;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using OpenChat.Chain.Payments.Custody;
using OpenChat.Chain.Messaging;
using OpenChat.Chain.Identity;

namespace OpenChat.Chain.Api.Auth;

/// <summary>Passkey sign-up and sign-in (no session needed), and adding a device's passkey to a signed-in account.</summary>
public static class PasskeyEndpoints
{
    public static RouteGroupBuilder MapPasskeyEndpoints(this IEndpointRouteBuilder app)
    {
        var passkeys = app.MapGroup("/api/auth/passkeys").WithTags("Auth");
        passkeys.MapPost("/sign-up/options", async (SignUpOptionsBody body, PasskeyCeremonies passkeys, CancellationToken ct) =>
                (await passkeys.BeginSignUp(body.Handle, body.DisplayName, ct)).ToOkOrProblem()).RequireRateLimiting(SignInRateLimit.Policy)
            .WithSummary("Start a passkey sign-up")
            .WithDescription("No session needed. Checks the handle is free and answers WebAuthn creation options (2 minutes, one use); nothing " +
                "is stored for the account yet.");
        passkeys.MapPost("/sign-up", SignUp).RequireRateLimiting(SignInRateLimit.Policy)
            .WithSummary("Finish a passkey sign-up")
            .WithDescription("No session needed. Verifies the new credential against the ceremony, creates the account (with its wallet account) " +
                "and its first passkey, and starts a session (bearer token and cookie).");
        passkeys.MapPost("/sign-in/options", async (PasskeyCeremonies passkeys, CancellationToken ct) => TypedResults.Ok(await passkeys.BeginSignIn(ct))).RequireRateLimiting(SignInRateLimit.Policy)
            .WithSummary("Start a passkey sign-in")
            .WithDescription("No session needed. Answers WebAuthn assertion options without a credential list (2 minutes, one use): the " +
                "authenticator offers its discoverable passkeys.");
        passkeys.MapPost("/sign-in", SignIn).RequireRateLimiting(SignInRateLimit.Policy)
            .WithSummary("Sign in with a passkey")
            .WithDescription("No session needed. Verifies the assertion against the ceremony and starts a session (bearer token and cookie).");
        passkeys.MapGet("/", async (ClaimsPrincipal user, PasskeyCeremonies passkeys, CancellationToken ct) =>
                TypedResults.Ok(await passkeys.List(user.UserId(), ct))).RequireAuthorization().WithSummary("List your passkeys");
        passkeys.MapPost("/options", AddPasskeyOptions).RequireAuthorization().RequireRateLimiting(PerUserRateLimit.Confirmations.Policy)
            .WithSummary("Start adding a passkey to your account")
            .WithDescription("Confirmed by the owner first (kind PasskeyAdd, with one of their passkeys or their own key's EIP-712 signature); " +
                "then answers the WebAuthn creation options for the new device.");
        passkeys.MapPost("/", AddPasskey).RequireAuthorization()
            .WithSummary("Add a passkey to your account")
            .WithDescription("Verifies the new credential against the ceremony begun at /options, stores it and announces it to all your " +
                "connected devices.");
        passkeys.MapPatch("/{id}", async (string id, RenamePasskeyBody body, ClaimsPrincipal user, ConfirmAction confirm, Devices devices,
                CancellationToken ct) => await confirm.RequireAsync(user.UserId(), CustodyTerms.RenamePasskey(id, body.Name), body.Confirmation, ct) is { } refused
                    ? refused.ToProblem() : (await devices.Rename(user.UserId(), id, body.Name!, ct)).ToOkOrProblem()).RequireAuthorization()
            .WithSummary("Rename one of your passkeys")
            .WithDescription("Confirmed by the owner (kind PasskeyRename, the new name); announced to all your connected devices.");
        passkeys.MapDelete("/{id}", async (string id, [FromBody] RemovePasskeyBody? body, ClaimsPrincipal user, ConfirmAction confirm, Devices devices,
                CancellationToken ct) => await confirm.RequireAsync(user.UserId(), CustodyTerms.RemovePasskey(id), body?.Confirmation, ct) is { } refused
                    ? refused.ToProblem() : (await devices.Remove(user.UserId(), id, ct)).ToOkOrProblem()).RequireAuthorization()
            .WithSummary("Remove one of your passkeys")
            .WithDescription("Confirmed by the owner (kind PasskeyRemove). Never the last passkey; the sessions it started end with it.");
        return passkeys;
    }

    static async Task<Results<Created<SessionView>, ProblemHttpResult>> SignUp(
        PasskeyRegistrationBody body, PasskeyCeremonies passkeys, Sessions sessions, HttpContext http, IMediator mediator, CancellationToken ct)
    {
        if (SignUpRewards.Check(body) is { } invalid) return invalid;
        var result = await passkeys.CompleteSignUp(body.CeremonyId, body.Credential, ct);
        if (result.Error is { } error) return error.ToProblem();
        var session = await sessions.Start(http, result.Value!, "passkey", ct, VerifiedRawId(body.Credential));
        await SignUpRewards.GrantAsync(mediator, session.User.Id, body, http, ct);
        return TypedResults.Created($"/api/users/{session.User.Id}", session);
    }

    static async Task<Results<Ok<SessionView>, ProblemHttpResult>> SignIn(
        PasskeySignInBody body, PasskeyCeremonies passkeys, Sessions sessions, HttpContext http, CancellationToken ct)
    {
        var result = await passkeys.CompleteSignIn(body.CeremonyId, body.Credential, ct);
        if (result.Error is { } error) return error.ToProblem();
        return TypedResults.Ok(await sessions.Start(http, result.Value!, "passkey", ct, VerifiedRawId(body.Credential)));
    }

    /// <summary>
    /// Adding a device is confirmed like a payment: with an assertion from one of the user's passkeys, or the EIP-712
    /// signature of a wallet account that has none (kind PasskeyAdd, the new passkey's name). Otherwise whoever holds a
    /// session could register their own authenticator and then confirm anything with it.
    /// </summary>
    static async Task<Results<Ok<CeremonyOptions>, ProblemHttpResult>> AddPasskeyOptions(
        AddPasskeyOptionsBody? body, ClaimsPrincipal user, PasskeyCeremonies passkeys, ConfirmAction confirm, CheckTerms check, IdentityDb db,
        MessagingDb users, CancellationToken ct)
    {
        var me = user.UserId();
        var terms = CustodyTerms.AddPasskey(body?.Name, body?.IdempotencyKey);
        // An account with neither a passkey nor its own key has nothing to confirm with (only accounts made outside both
        // sign-up paths); every real account has one or the other.
        var canConfirm = await db.Passkeys.AnyAsync(p => p.UserId == me, ct)
            || await users.Users.AnyAsync(u => u.Id == me && u.ExternalAddress != null, ct);
        var refused = canConfirm ? await confirm.RequireAsync(me, terms, body?.Confirmation, ct) : await check.CheckAsync(me, terms, ct);
        if (refused is not null) return refused.ToProblem();
        return (await passkeys.BeginAdd(me, body?.Name, ct)).ToOkOrProblem();
    }

    static async Task<Results<Created<PasskeyView>, ProblemHttpResult>> AddPasskey(
        PasskeyRegistrationBody body, ClaimsPrincipal user, PasskeyCeremonies passkeys, IDeviceNotices announcements, CancellationToken ct)
    {
        var result = await passkeys.CompleteAdd(user.UserId(), body.CeremonyId, body.Credential, ct);
        if (result.Error is { } error) return error.ToProblem();
        await announcements.Changed(user.UserId(), new DevicesChangedView("added", result.Value!), ct);
        return TypedResults.Created($"/api/auth/passkeys/{result.Value!.Id}", result.Value);
    }

    // The ceremony verified this credential (Fido2 checks rawId against the signed data and the stored record).
    static byte[]? VerifiedRawId(System.Text.Json.JsonElement credential) =>
        credential.ValueKind == System.Text.Json.JsonValueKind.Object && credential.TryGetProperty("rawId", out var raw)
            && raw.ValueKind == System.Text.Json.JsonValueKind.String ? Devices.Base64UrlId(raw.GetString()) : null;
}

/// <summary>The new passkey's name (default "Passkey N"), and the owner's confirmation of adding it.</summary>
public sealed record AddPasskeyOptionsBody(string? Name = null, string? IdempotencyKey = null, PaymentConfirmation? Confirmation = null);

public sealed record RenamePasskeyBody(string? Name, PaymentConfirmation? Confirmation = null);

public sealed record RemovePasskeyBody(PaymentConfirmation? Confirmation = null);

public sealed record SignUpOptionsBody(string Handle, string DisplayName);

/// <summary>The ceremony id from the options, and navigator.credentials.create()'s PublicKeyCredential as JSON (base64url bytes).</summary>
/// <param name="InviteCode">Sign-up only: the invite code of the link the newcomer opened (their inviter earns the invite reward).</param>
/// <param name="DeviceId">Sign-up only: the web client's device id, for the welcome reward's per-device limit.</param>
public sealed record PasskeyRegistrationBody(string CeremonyId, JsonElement Credential, string? InviteCode = null, string? DeviceId = null);

/// <summary>The ceremony id from the options, and navigator.credentials.get()'s PublicKeyCredential as JSON (base64url bytes).</summary>
public sealed record PasskeySignInBody(string CeremonyId, JsonElement Credential);
