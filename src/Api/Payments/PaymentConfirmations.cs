using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Fido2NetLib;
using Fido2NetLib.Objects;
using Microsoft.EntityFrameworkCore;
using OpenChat.Chain.Api.Auth;
using OpenChat.Chain.Kernel;

namespace OpenChat.Chain.Api.Payments;

/// <summary>The answer to a confirmation challenge, sent with the payment itself.</summary>
public sealed record PaymentConfirmation(string? CeremonyId, JsonElement Credential);

/// <summary>
/// A payment needs the user's passkey, not just their session: the WebAuthn challenge is SHA-256 of the payment's
/// canonical terms and 16 random bytes, so the signature the authenticator makes covers exactly what the user saw.
/// The terms stay server-side with the ceremony (2 minutes, one use) and must equal the payment's own.
/// </summary>
public sealed class PaymentConfirmations(IFido2 fido2, IdentityDb db, CeremonyStore ceremonies, PasskeyCeremonies passkeys)
{
    public async Task<Result<CeremonyOptions>> Begin(Guid userId, PaymentTerms terms, CancellationToken ct)
    {
        var mine = await db.Passkeys.AsNoTracking().Where(p => p.UserId == userId).Select(p => p.CredentialId).ToListAsync(ct);
        if (mine.Count == 0) return PaymentErrors.NoPasskey;
        var canonical = terms.Canonical();
        var options = fido2.GetAssertionOptions(new GetAssertionOptionsParams
        {
            AllowedCredentials = mine.Select(id => new PublicKeyCredentialDescriptor(id)).ToList(),
            UserVerification = UserVerificationRequirement.Required,
        });
        options.Challenge = SHA256.HashData([.. Encoding.UTF8.GetBytes(canonical), .. RandomNumberGenerator.GetBytes(16)]);
        var json = options.ToJson();
        var ceremony = await ceremonies.Begin(CeremonyPurpose.PaymentConfirm, json, CeremonyStore.PasskeyLifetime, ct, userId: userId, terms: canonical);
        return new CeremonyOptions(ceremony.Id, FidoJson.Element(json));
    }

    /// <summary>Null when <paramref name="confirmation"/> is the caller's own passkey answering a challenge for exactly these terms.</summary>
    public async Task<Error?> Verify(Guid userId, PaymentTerms terms, PaymentConfirmation? confirmation, CancellationToken ct)
    {
        if (confirmation?.CeremonyId is not { } ceremonyId) return PaymentErrors.ConfirmationRequired;
        if (FidoJson.Read<AuthenticatorAssertionRawResponse>(confirmation.Credential) is not { } response) return AuthErrors.MalformedCredential;
        var ceremony = await ceremonies.Take(ceremonyId, CeremonyPurpose.PaymentConfirm, ct);
        if (ceremony is null || ceremony.UserId != userId) return AuthErrors.ChallengeExpired;
        if (ceremony.Terms != terms.Canonical()) return PaymentErrors.TermsChanged;
        var verified = await passkeys.VerifyAssertionAsync(response, AssertionOptions.FromJson(ceremony.Options), "payment", ct);
        if (verified.Error is { } error) return error;
        return verified.Value == userId ? null : PaymentErrors.NotYourPasskey;
    }
}

public static class PaymentErrors
{
    public static readonly Error NoPasskey = new("payment.no_passkey", ErrorKind.Conflict,
        "Payments are confirmed with a passkey: add one to your account first");
    public static readonly Error ConfirmationRequired = new("payment.confirmation_required", ErrorKind.Forbidden,
        "Confirm this payment with your passkey: POST /api/payments/confirmations with the same terms, then send the answer as \"confirmation\"");
    public static readonly Error TermsChanged = new("payment.terms_changed", ErrorKind.Conflict,
        "The payment differs from what was confirmed; confirm it again");
    public static readonly Error NotYourPasskey = new("payment.not_your_passkey", ErrorKind.Forbidden, "That passkey belongs to another account");
    public static readonly Error RecipientNotInChat = new("payment.recipient_not_in_chat", ErrorKind.Invalid,
        "The recipient is not a member of this chat");
    public static readonly Error RecipientMissing = new("payment.recipient_missing", ErrorKind.Invalid,
        "Name the recipient: toUserId (a member of the chat) or toAddress (an outside address), not both");
    public static readonly Error NotAnEnvelope = new("payment.not_an_envelope", ErrorKind.NotFound);
    public static readonly Error EnvelopeNotOpen = new("envelope.not_open", ErrorKind.Conflict, "This envelope is not open yet; try again in a moment");
    public static readonly Error CannotTip = new("tip.not_tippable", ErrorKind.Invalid, "Only messages from other people can be tipped");
}
