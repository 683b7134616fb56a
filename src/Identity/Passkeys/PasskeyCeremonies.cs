using System.Security.Cryptography;
using System.Text.Json;
using Fido2NetLib;
using Fido2NetLib.Exceptions;
using Fido2NetLib.Objects;
using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using OpenChat.Chain.Kernel;
using OpenChat.Chain.Messaging;
using OpenChat.Chain.Messaging.Users;

namespace OpenChat.Chain.Identity;

/// <summary>
/// WebAuthn Level 3 registration (§7.1) and authentication (§7.2) with Fido2 doing the verification. Every
/// ceremony is options → complete, with the options kept server-side by <see cref="CeremonyStore"/>.
/// </summary>
public sealed partial class PasskeyCeremonies(
    IFido2 fido2, IdentityDb db, CeremonyStore ceremonies, IMediator mediator, TimeProvider clock, ILogger<PasskeyCeremonies> logger)
{
    // Discoverable credentials, so signing in needs no name; user verification (PIN, biometrics) on every use.
    static readonly AuthenticatorSelection Selection = new()
    {
        ResidentKey = ResidentKeyRequirement.Required,
        UserVerification = UserVerificationRequirement.Required,
    };

    static readonly PasskeySignUpValidator SignUpNames = new();

    public async Task<Result<CeremonyOptions>> BeginSignUp(string handle, string displayName, CancellationToken ct)
    {
        // 1. The names pass RegisterUser's own rules and the handle is free before the authenticator makes a key for it.
        await SignUpNames.ValidateAndThrowAsync(new RegisterUser(handle, displayName), ct);
        if ((await mediator.Send(new GetUserByHandle(handle), ct)).IsSuccess) return MessagingErrors.HandleTaken;

        // 2. WebAuthn §5.4.3: user.id is random bytes, not the handle, so it says nothing about the account.
        var user = new Fido2User { Id = RandomNumberGenerator.GetBytes(32), Name = Handles.Normalize(handle), DisplayName = displayName.Trim() };

        // 3. Creation options: a fresh challenge, the RP, user verification required, attestation "none".
        var options = fido2.RequestNewCredential(new RequestNewCredentialParams
        {
            User = user,
            AuthenticatorSelection = Selection,
            AttestationPreference = AttestationConveyancePreference.None,
        });

        // 4. The options stay server-side (2 minutes, one use) with the names; the client answers to the ceremony id.
        var json = options.ToJson();
        var ceremony = await ceremonies.Begin(CeremonyPurpose.PasskeySignUp, json, CeremonyStore.PasskeyLifetime, ct,
            handle: user.Name, displayName: user.DisplayName);
        return new CeremonyOptions(ceremony.Id, FidoJson.Element(json));
    }

    public async Task<Result<UserView>> CompleteSignUp(string ceremonyId, JsonElement credentialJson, CancellationToken ct)
    {
        if (FidoJson.Read<AuthenticatorAttestationRawResponse>(credentialJson) is not { } response || !IsComplete(response))
            return AuthErrors.MalformedCredential;

        // 1. Take the ceremony: it answers once, so a replayed response finds nothing.
        var ceremony = await ceremonies.Take(ceremonyId, CeremonyPurpose.PasskeySignUp, ct);
        if (ceremony is null) return AuthErrors.ChallengeExpired;
        var options = CredentialCreateOptions.FromJson(ceremony.Options);

        // 2. §7.1 steps 5–26 (Fido2): type, challenge, origin, rpIdHash, UP and UV, algorithm, attestation, a new credential id.
        var credential = await VerifyRegistration(response, options, ct);
        if (credential.Error is { } rejected) return rejected;

        // 3. Only now does the user exist: RegisterUser assigns the wallet account index.
        var registered = await mediator.Send(new RegisterUser(ceremony.Handle!, ceremony.DisplayName!), ct);
        if (registered.Error is { } error) return error;
        var user = registered.Value!.User;

        // 4. §7.1 step 27: store the credential record (public key, counter, user handle).
        db.Passkeys.Add(new Passkey(user.Id, options.User.Id, credential.Value!, clock.GetUtcNow(), "Passkey 1"));
        await db.SaveChangesAsync(ct);
        return user;
    }

    public async Task<CeremonyOptions> BeginSignIn(CancellationToken ct)
    {
        // 1. No allowCredentials: the authenticator offers its discoverable passkeys for this RP and returns the user handle.
        var options = fido2.GetAssertionOptions(new GetAssertionOptionsParams { UserVerification = UserVerificationRequirement.Required });

        // 2. The challenge stays server-side for 2 minutes, one use.
        var json = options.ToJson();
        var ceremony = await ceremonies.Begin(CeremonyPurpose.PasskeySignIn, json, CeremonyStore.PasskeyLifetime, ct);
        return new CeremonyOptions(ceremony.Id, FidoJson.Element(json));
    }

    public async Task<Result<UserView>> CompleteSignIn(string ceremonyId, JsonElement credentialJson, CancellationToken ct)
    {
        if (FidoJson.Read<AuthenticatorAssertionRawResponse>(credentialJson) is not { } response || !IsComplete(response))
            return AuthErrors.MalformedCredential;

        // 1. Take the ceremony: it answers once.
        var ceremony = await ceremonies.Take(ceremonyId, CeremonyPurpose.PasskeySignIn, ct);
        if (ceremony is null) return AuthErrors.ChallengeExpired;
        var options = AssertionOptions.FromJson(ceremony.Options);

        var verified = await VerifyAssertionAsync(response, options, "sign-in", ct);
        if (verified.Error is { } error) return error;
        return await mediator.Send(new GetUser(verified.Value), ct);
    }

    /// <summary>
    /// WebAuthn §7.2 steps 6–23 for an assertion answering <paramref name="options"/>: the stored credential, Fido2's
    /// checks (user handle, challenge, origin, rpIdHash, UP and UV, signature) and a growing counter, saved. The user it
    /// belongs to, or why not. Signing in and confirming a payment both come here.
    /// </summary>
    public async Task<Result<Guid>> VerifyAssertionAsync(AuthenticatorAssertionRawResponse response, AssertionOptions options, string ceremonyName,
        CancellationToken ct)
    {
        // 1. §7.2 step 6: the credential record for credential.id.
        var passkey = await db.Passkeys.FirstOrDefaultAsync(p => p.CredentialId == response.RawId, ct);
        if (passkey is null) return AuthErrors.PasskeyUnknown;

        // 2. §7.2 steps 6–21 (Fido2): the user handle owns the credential; type, challenge, origin, rpIdHash, UP and UV;
        //    the signature over authenticatorData ‖ SHA-256(clientDataJSON) with the stored public key.
        VerifyAssertionResult verified;
        try
        {
            verified = await fido2.MakeAssertionAsync(new MakeAssertionParams
            {
                AssertionResponse = response,
                OriginalOptions = options,
                StoredPublicKey = passkey.PublicKey,
                StoredSignatureCounter = passkey.SignCount,
                IsUserHandleOwnerOfCredentialIdCallback = (owner, _) => Task.FromResult(owner.UserHandle.AsSpan().SequenceEqual(passkey.UserHandle)),
            }, ct);
        }
        catch (Fido2VerificationException e) when (e.Code == Fido2ErrorCode.InvalidSignCount)
        {
            LogCounterRefused(logger, passkey.UserId);
            return AuthErrors.CounterNotIncreased;
        }
        catch (Fido2VerificationException e)
        {
            LogRejected(logger, ceremonyName, e.Code);
            return AuthErrors.PasskeyRejected.With($"The passkey response did not verify ({e.Code}).");
        }

        // 3. §7.2 step 22: the counter must grow once it is in use (Fido2 lets a drop back to 0 through; we do not).
        if (!passkey.Accepts(verified.SignCount))
        {
            LogCounterRefused(logger, passkey.UserId);
            return AuthErrors.CounterNotIncreased;
        }

        // 4. §7.2 step 23: save the counter. SignCount is a concurrency token, so of two racing answers one loses.
        passkey.SignedIn(verified.SignCount, clock.GetUtcNow());
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return AuthErrors.CounterNotIncreased;
        }

        return passkey.UserId;
    }

    public async Task<Result<CeremonyOptions>> BeginAdd(Guid userId, string? name, CancellationToken ct)
    {
        var found = await mediator.Send(new GetUser(userId), ct);
        if (found.Error is { } error) return error;
        var user = found.Value!;
        var existing = await db.Passkeys.AsNoTracking().Where(p => p.UserId == userId).ToListAsync(ct);

        // 1. §5.4.3: the same user.id as the user's other passkeys (a new random one for a wallet-only user), and
        //    excludeCredentials so a device that already holds one of them makes no second.
        var fidoUser = new Fido2User
        {
            Id = existing.FirstOrDefault()?.UserHandle ?? RandomNumberGenerator.GetBytes(32),
            Name = user.Handle,
            DisplayName = user.DisplayName,
        };
        var options = fido2.RequestNewCredential(new RequestNewCredentialParams
        {
            User = fidoUser,
            ExcludeCredentials = existing.Select(p => p.Descriptor).ToList(),
            AuthenticatorSelection = Selection,
            AttestationPreference = AttestationConveyancePreference.None,
        });

        // 2. Server-side, bound to the signed-in user and the name the owner confirmed (or "Passkey N").
        var json = options.ToJson();
        var ceremony = await ceremonies.Begin(CeremonyPurpose.PasskeyAdd, json, CeremonyStore.PasskeyLifetime, ct, userId: userId,
            displayName: name ?? $"Passkey {existing.Count + 1}");
        return new CeremonyOptions(ceremony.Id, FidoJson.Element(json));
    }

    public async Task<Result<PasskeyView>> CompleteAdd(Guid userId, string ceremonyId, JsonElement credentialJson, CancellationToken ct)
    {
        if (FidoJson.Read<AuthenticatorAttestationRawResponse>(credentialJson) is not { } response || !IsComplete(response))
            return AuthErrors.MalformedCredential;

        // 1. Take the ceremony; another user's ceremony counts as none.
        var ceremony = await ceremonies.Take(ceremonyId, CeremonyPurpose.PasskeyAdd, ct);
        if (ceremony is null || ceremony.UserId != userId) return AuthErrors.ChallengeExpired;
        var options = CredentialCreateOptions.FromJson(ceremony.Options);

        // 2. §7.1 steps 5–26, as for sign-up.
        var credential = await VerifyRegistration(response, options, ct);
        if (credential.Error is { } rejected) return rejected;

        // 3. §7.1 step 27: store it next to the user's other passkeys.
        var passkey = new Passkey(userId, options.User.Id, credential.Value!, clock.GetUtcNow(), ceremony.DisplayName);
        db.Passkeys.Add(passkey);
        await db.SaveChangesAsync(ct);
        return passkey.ToView();
    }

    public async Task<IReadOnlyList<PasskeyView>> List(Guid userId, CancellationToken ct) =>
        (await db.Passkeys.AsNoTracking().Where(p => p.UserId == userId).ToListAsync(ct))
            .OrderBy(p => p.CreatedAt).Select(p => p.ToView()).ToList();

    async Task<Result<RegisteredPublicKeyCredential>> VerifyRegistration(
        AuthenticatorAttestationRawResponse response, CredentialCreateOptions options, CancellationToken ct)
    {
        try
        {
            return await fido2.MakeNewCredentialAsync(new MakeNewCredentialParams
            {
                AttestationResponse = response,
                OriginalOptions = options,
                // §7.1 step 26: a credential id registered to anyone is refused.
                IsCredentialIdUniqueToUserCallback = async (args, token) => !await db.Passkeys.AnyAsync(p => p.CredentialId == args.CredentialId, token),
            }, ct);
        }
        catch (Fido2VerificationException e)
        {
            LogRejected(logger, "registration", e.Code);
            return AuthErrors.PasskeyRejected.With($"The passkey response did not verify ({e.Code}).");
        }
    }

    // The JSON reader enforces the required members' presence, not that they are non-null.
    static bool IsComplete(AuthenticatorAttestationRawResponse? r) =>
        r is { Id: not null, RawId: not null, Response: { AttestationObject: not null, ClientDataJson: not null } };

    static bool IsComplete(AuthenticatorAssertionRawResponse? r) =>
        r is { Id: not null, RawId: not null, Response: { AuthenticatorData: not null, Signature: not null, ClientDataJson: not null } };

    // Only Fido2's error code: never the response itself.
    [LoggerMessage(Level = LogLevel.Information, Message = "Passkey {Ceremony} refused: {Fido2Error}")]
    static partial void LogRejected(ILogger logger, string ceremony, Fido2ErrorCode fido2Error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Passkey of user {UserId} refused: its signature counter did not increase (possible cloned authenticator)")]
    static partial void LogCounterRefused(ILogger logger, Guid userId);
}

/// <summary>
/// WebAuthn options for navigator.credentials (PublicKeyCredentialCreationOptions or …RequestOptions as JSON,
/// bytes in base64url), and the id to send back with the answer.
/// </summary>
public sealed record CeremonyOptions(string CeremonyId, JsonElement Options);

/// <summary>
/// Fido2's types carry their own JSON shape (base64url bytes, enum names such as "public-key"). The host's JSON
/// options (a string-enum converter, which outranks a type's own converter) would change it, so they are read and
/// written with options of their own.
/// </summary>
static class FidoJson
{
    static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);

    public static JsonElement Element(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }

    /// <summary>The value, or null when the JSON is not one (missing required members, bad base64url, unknown enum names).</summary>
    public static T? Read<T>(JsonElement json) where T : class
    {
        if (json.ValueKind != JsonValueKind.Object) return null;
        try
        {
            return json.Deserialize<T>(Options);
        }
        catch (Exception e) when (e is JsonException or FormatException)
        {
            return null;
        }
    }
}

/// <summary>RegisterUser's rules, and the "eth_" prefix kept for wallet sign-ins (no one can take a wallet's future name).</summary>
sealed class PasskeySignUpValidator : AbstractValidator<RegisterUser>
{
    public PasskeySignUpValidator()
    {
        Include(new RegisterUserValidator());
        RuleFor(u => u.Handle)
            .Must(handle => handle is null || !handle.Trim().StartsWith(SiweSignIn.HandlePrefix, StringComparison.OrdinalIgnoreCase))
            .WithMessage($"Names starting with {SiweSignIn.HandlePrefix} are kept for wallet sign-ins.");
    }
}
