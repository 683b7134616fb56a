using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Fido2NetLib;
using Fido2NetLib.Objects;
using Microsoft.EntityFrameworkCore;
using OpenChat.Chain.Api.Auth;
using Microsoft.Extensions.Options;
using OpenChat.Chain.Kernel;
using OpenChat.Chain.Messaging;
using OpenChat.Chain.Identity;

namespace OpenChat.Chain.Api.Payments;

/// <summary>
/// The answer to a confirmation challenge, sent with the action itself: a passkey assertion (<see cref="Credential"/>)
/// or, for an account that signs in with its own Ethereum key, the EIP-712 signature of the typed data (<see cref="Signature"/>).
/// </summary>
public sealed record PaymentConfirmation(string? CeremonyId, JsonElement Credential, string? Signature = null);

/// <summary>
/// Every movement of value or authority needs the owner's own confirmation, not just their session. With a passkey, the
/// WebAuthn challenge is SHA-256 of the action's canonical terms and 16 random bytes, so the signature the authenticator
/// makes covers exactly what the user saw. An account without a passkey that signs in with its own Ethereum key signs
/// EIP-712 typed data carrying the same canonical text and the ceremony's nonce instead. Either way the terms stay
/// server-side with the ceremony (2 minutes, one use) and must equal the action's own.
/// </summary>
public sealed class PaymentConfirmations(IFido2 fido2, IdentityDb db, CeremonyStore ceremonies, PasskeyCeremonies passkeys,
    MessagingDb users, IOptions<SiweOptions> siwe)
{
    public const string PasskeyMethod = "passkey", TypedDataMethod = "eip712";

    public async Task<Result<ConfirmationChallenge>> Begin(Guid userId, PaymentTerms terms, CancellationToken ct)
    {
        var mine = await db.Passkeys.AsNoTracking().Where(p => p.UserId == userId).Select(p => p.CredentialId).ToListAsync(ct);
        var canonical = terms.Canonical();
        if (mine.Count == 0)
        {
            if (await ExternalAddressAsync(userId, ct) is null) return PaymentErrors.NoPasskey;
            // EIP-712: the nonce is the ceremony id, so the typed data is known only once the row exists.
            var pending = await ceremonies.Begin(CeremonyPurpose.TypedDataConfirm, "", CeremonyStore.PasskeyLifetime, ct, userId: userId, terms: canonical);
            return new ConfirmationChallenge(pending.Id, TypedData.Element(TypedData.Json(siwe.Value.ChainId, canonical, pending.Id)), TypedDataMethod);
        }
        var options = fido2.GetAssertionOptions(new GetAssertionOptionsParams
        {
            AllowedCredentials = mine.Select(id => new PublicKeyCredentialDescriptor(id)).ToList(),
            UserVerification = UserVerificationRequirement.Required,
        });
        options.Challenge = SHA256.HashData([.. Encoding.UTF8.GetBytes(canonical), .. RandomNumberGenerator.GetBytes(16)]);
        var json = options.ToJson();
        var ceremony = await ceremonies.Begin(CeremonyPurpose.PaymentConfirm, json, CeremonyStore.PasskeyLifetime, ct, userId: userId, terms: canonical);
        return new ConfirmationChallenge(ceremony.Id, FidoJson.Element(json), PasskeyMethod);
    }

    /// <summary>Null when <paramref name="confirmation"/> is the caller's own passkey or key answering a challenge for exactly these terms.</summary>
    public async Task<Error?> Verify(Guid userId, PaymentTerms terms, PaymentConfirmation? confirmation, CancellationToken ct)
    {
        if (confirmation?.CeremonyId is not { } ceremonyId) return PaymentErrors.ConfirmationRequired;
        if (confirmation.Signature is { } signature) return await VerifyTypedData(userId, terms, ceremonyId, signature, ct);
        if (FidoJson.Read<AuthenticatorAssertionRawResponse>(confirmation.Credential) is not { } response) return AuthErrors.MalformedCredential;
        var ceremony = await ceremonies.Take(ceremonyId, CeremonyPurpose.PaymentConfirm, ct);
        if (ceremony is null || ceremony.UserId != userId) return AuthErrors.ChallengeExpired;
        if (ceremony.Terms != terms.Canonical()) return PaymentErrors.TermsChanged;
        var verified = await passkeys.VerifyAssertionAsync(response, AssertionOptions.FromJson(ceremony.Options), "payment", ct);
        if (verified.Error is { } error) return error;
        return verified.Value == userId ? null : PaymentErrors.NotYourPasskey;
    }

    async Task<Error?> VerifyTypedData(Guid userId, PaymentTerms terms, string ceremonyId, string signature, CancellationToken ct)
    {
        // 1. Take the ceremony: one use, unexpired, the caller's own.
        var ceremony = await ceremonies.Take(ceremonyId, CeremonyPurpose.TypedDataConfirm, ct);
        if (ceremony is null || ceremony.UserId != userId) return AuthErrors.ChallengeExpired;
        // 2. The terms the owner signed are the action's terms.
        if (ceremony.Terms != terms.Canonical()) return PaymentErrors.TermsChanged;
        // 3. EIP-712 signTypedData_v4 over the same typed data, recovered to the account's own address; low s only (EIP-2).
        var signer = TypedData.Recover(TypedData.Json(siwe.Value.ChainId, ceremony.Terms, ceremony.Id), signature);
        if (signer is null) return PaymentErrors.BadSignature;
        var mine = await ExternalAddressAsync(userId, ct);
        return mine is not null && string.Equals(signer, mine, StringComparison.OrdinalIgnoreCase) ? null : PaymentErrors.NotYourKey;
    }

    Task<string?> ExternalAddressAsync(Guid userId, CancellationToken ct) =>
        users.Users.AsNoTracking().Where(u => u.Id == userId).Select(u => u.ExternalAddress).FirstOrDefaultAsync(ct);
}

/// <summary>What the owner is asked to answer: WebAuthn request options, or EIP-712 typed data to sign.</summary>
public sealed record ConfirmationChallenge(string CeremonyId, JsonElement Options, string Method);

/// <summary>
/// The EIP-712 typed data an Ethereum-key account signs to confirm: domain "OpenChat.Chain", version "1", the chain id;
/// primary type Confirmation(string terms, string nonce) with the canonical terms text and the ceremony's nonce.
/// </summary>
public static class TypedData
{
    // secp256k1 group order n; EIP-2: a signature with s > n/2 is the malleable twin of one with n − s.
    static readonly System.Numerics.BigInteger HalfOrder = System.Numerics.BigInteger.Parse(
        "7FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF5D576E7357A4501DDFE92F46681B20A0", System.Globalization.NumberStyles.HexNumber);

    public static string Json(long chainId, string terms, string nonce) => JsonSerializer.Serialize(new
    {
        types = new Dictionary<string, object[]>
        {
            ["EIP712Domain"] = [new { name = "name", type = "string" }, new { name = "version", type = "string" }, new { name = "chainId", type = "uint256" }],
            ["Confirmation"] = [new { name = "terms", type = "string" }, new { name = "nonce", type = "string" }],
        },
        primaryType = "Confirmation",
        domain = new { name = "OpenChat.Chain", version = "1", chainId },
        message = new { terms, nonce },
    });

    public static JsonElement Element(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }

    /// <summary>The signer of <paramref name="json"/>, or null for a malformed or high-s signature.</summary>
    public static string? Recover(string json, string signature)
    {
        if (signature.Length != 132 || !signature.StartsWith("0x", StringComparison.Ordinal) || !signature[2..].All(char.IsAsciiHexDigit)) return null;
        var s = System.Numerics.BigInteger.Parse("0" + signature[66..130], System.Globalization.NumberStyles.HexNumber);
        if (s.IsZero || s > HalfOrder) return null;
        var v = Convert.ToByte(signature[^2..], 16);
        if (v is 0 or 1) signature = signature[..^2] + (v + 27).ToString("x2", System.Globalization.CultureInfo.InvariantCulture);
        else if (v is not (27 or 28)) return null;
        try
        {
            return new Nethereum.Signer.EIP712.Eip712TypedDataSigner().RecoverFromSignatureV4(json, signature);
        }
        catch (ArgumentException)
        {
            return null; // r is not the x of a curve point: no key signed this
        }
    }
}

public static class PaymentErrors
{
    public static readonly Error NoPasskey = new("payment.no_passkey", ErrorKind.Conflict,
        "Payments are confirmed with a passkey: add one to your account first");
    public static readonly Error ConfirmationRequired = new("payment.confirmation_required", ErrorKind.Forbidden,
        "Confirm this with your passkey (or your wallet's key): POST /api/confirmations with the same terms, then send the answer as \"confirmation\"");
    public static readonly Error TermsChanged = new("payment.terms_changed", ErrorKind.Conflict,
        "The payment differs from what was confirmed; confirm it again");
    public static readonly Error BadSignature = new("confirmation.signature_invalid", ErrorKind.Forbidden,
        "The signature does not verify (malformed, or a high-s twin: EIP-2)");
    public static readonly Error NotYourKey = new("confirmation.not_your_key", ErrorKind.Forbidden, "That signature is not your wallet's");
    public static readonly Error NotYourPasskey = new("payment.not_your_passkey", ErrorKind.Forbidden, "That passkey belongs to another account");
    public static readonly Error RecipientNotInChat = new("payment.recipient_not_in_chat", ErrorKind.Invalid,
        "The recipient is not a member of this chat");
    public static readonly Error RecipientMissing = new("payment.recipient_missing", ErrorKind.Invalid,
        "Name the recipient: toUserId (a member of the chat) or toAddress (an outside address), not both");
    public static readonly Error NotAnEnvelope = new("payment.not_an_envelope", ErrorKind.NotFound);
    public static readonly Error EnvelopeNotOpen = new("envelope.not_open", ErrorKind.Conflict, "This envelope is not open yet; try again in a moment");
    public static readonly Error CannotTip = new("tip.not_tippable", ErrorKind.Invalid, "Only messages from other people can be tipped");
}
