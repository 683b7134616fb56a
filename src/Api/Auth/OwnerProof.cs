using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Fido2NetLib;
using Fido2NetLib.Objects;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using OpenChat.Chain.Kernel;
using OpenChat.Chain.Messaging;
using OpenChat.Chain.Identity;
using OpenChat.Chain.Payments;
using OpenChat.Chain.Payments.Custody;

namespace OpenChat.Chain.Api.Auth;

/// <summary>
/// Every movement of value or authority needs the owner's own confirmation, not just their session. With a passkey, the
/// WebAuthn challenge is SHA-256 of the action's canonical terms and 16 random bytes, so the signature the authenticator
/// makes covers exactly what the user saw. An account without a passkey that signs in with its own Ethereum key signs
/// EIP-712 typed data carrying the same canonical text and the ceremony's nonce instead. Either way the terms stay
/// server-side with the ceremony (2 minutes, one use) and must equal the action's own.
/// </summary>
public sealed class OwnerProof(IFido2 fido2, IdentityDb db, CeremonyStore ceremonies, PasskeyCeremonies passkeys,
    MessagingDb users, IOptions<SiweOptions> siwe, Devices devices) : IOwnerProof
{
    const string PasskeyMethod = ConfirmationChallenge.PasskeyMethod, TypedDataMethod = ConfirmationChallenge.TypedDataMethod;

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

    public async Task<Refusal?> CheckDeviceAsync(Guid userId, PaymentTerms terms, CancellationToken ct) => terms.Kind switch
    {
        PaymentKind.PasskeyAdd => DeviceChange.Add,
        PaymentKind.PasskeyRename => DeviceChange.Rename,
        PaymentKind.PasskeyRemove => DeviceChange.Remove,
        _ => (DeviceChange?)null,
    } is { } change && await devices.CheckAsync(userId, change, terms.PasskeyId, terms.PasskeyName, ct) is { } refused
        ? new Refusal(refused.Error, refused.Field) : null;

    Task<string?> ExternalAddressAsync(Guid userId, CancellationToken ct) =>
        users.Users.AsNoTracking().Where(u => u.Id == userId).Select(u => u.ExternalAddress).FirstOrDefaultAsync(ct);
}

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
