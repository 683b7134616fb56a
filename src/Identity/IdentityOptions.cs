namespace OpenChat.Chain.Identity;

/// <summary>The WebAuthn relying party, from the "Passkeys" section.</summary>
public sealed class PasskeyOptions
{
    public const string Section = "Passkeys";

    /// <summary>WebAuthn §5.1.2: the RP id is a registrable domain of every origin (no scheme, no port).</summary>
    public string RpId { get; set; } = "localhost";

    public string RpName { get; set; } = "OpenChat.Chain";

    /// <summary>Origins whose clientDataJSON is accepted (scheme, host and port). Empty means http://localhost:5080.</summary>
    public string[] Origins { get; set; } = [];

    public IReadOnlyList<string> EffectiveOrigins => Origins.Length > 0 ? Origins : ["http://localhost:5080"];
}

/// <summary>Sign-In with Ethereum (EIP-4361), from the "Siwe" section.</summary>
public sealed class SiweOptions
{
    public const string Section = "Siwe";

    /// <summary>
    /// Origins a message may come from: its domain must be one's authority and its URI must be on that origin.
    /// Empty means the passkey origins (one web client serves both).
    /// </summary>
    public string[] Origins { get; set; } = [];

    /// <summary>EIP-155 chain id the message must name; the embedded anvil's by default.</summary>
    public long ChainId { get; set; } = 31337;

    public TimeSpan NonceLifetime { get; set; } = TimeSpan.FromMinutes(5);
}
