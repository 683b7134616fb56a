using System.Text.Json;
using OpenChat.Chain.Kernel;

namespace OpenChat.Chain.Payments.Custody;

/// <summary>
/// The answer to a confirmation challenge, sent with the action itself: a passkey assertion (<see cref="Credential"/>)
/// or, for an account that signs in with its own Ethereum key, the EIP-712 signature of the typed data (<see cref="Signature"/>).
/// </summary>
public sealed record PaymentConfirmation(string? CeremonyId, JsonElement Credential, string? Signature = null);

/// <summary>What the owner is asked to answer: WebAuthn request options, or EIP-712 typed data to sign.</summary>
public sealed record ConfirmationChallenge(string CeremonyId, JsonElement Options, string Method)
{
    public const string PasskeyMethod = "passkey", TypedDataMethod = "eip712";
}

/// <summary>
/// How the owner proves a confirmation is theirs. The ceremonies need Fido2, the passkey table and the sign-in settings,
/// which belong to the host's Auth; Payments only asks for a challenge bound to the canonical terms and for a verdict.
/// </summary>
public interface IOwnerProof
{
    /// <summary>A one-use, 2-minute challenge bound to <see cref="PaymentTerms.Canonical"/>.</summary>
    Task<Result<ConfirmationChallenge>> Begin(Guid userId, PaymentTerms terms, CancellationToken ct);

    /// <summary>Null when <paramref name="confirmation"/> is the caller's own passkey or key answering a challenge for exactly these terms.</summary>
    Task<Error?> Verify(Guid userId, PaymentTerms terms, PaymentConfirmation? confirmation, CancellationToken ct);

    /// <summary>The device kinds' own rules (the passkey named exists, is not the last one, the name is valid); null for other kinds.</summary>
    Task<Refusal?> CheckDeviceAsync(Guid userId, PaymentTerms terms, CancellationToken ct);
}
