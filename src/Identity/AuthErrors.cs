using OpenChat.Chain.Kernel;

namespace OpenChat.Chain.Identity;

/// <summary>Every expected failure of signing in, with its stable code. Details never echo a token or signature.</summary>
public static class AuthErrors
{
    public static readonly Error ChallengeExpired = new("auth.challenge_expired", ErrorKind.Forbidden,
        "The sign-in request expired or was already used; start again.");
    public static readonly Error MalformedCredential = new("auth.credential_malformed", ErrorKind.Invalid,
        "The passkey response is incomplete.");
    public static readonly Error PasskeyRejected = new("auth.passkey_rejected", ErrorKind.Forbidden,
        "The passkey response did not verify.");
    public static readonly Error PasskeyUnknown = new("auth.passkey_unknown", ErrorKind.Forbidden,
        "This passkey is not registered here.");
    public static readonly Error CounterNotIncreased = new("auth.passkey_counter", ErrorKind.Forbidden,
        "The passkey's signature counter did not increase; the key may have been copied.");

    public static readonly Error SiweMalformed = new("auth.siwe_malformed", ErrorKind.Invalid);
    public static readonly Error SiweWrongDomain = new("auth.siwe_domain", ErrorKind.Forbidden,
        "The message was written for another site.");
    public static readonly Error SiweWrongChain = new("auth.siwe_chain", ErrorKind.Forbidden);
    public static readonly Error SiweExpired = new("auth.siwe_expired", ErrorKind.Forbidden,
        "The message has expired or is not valid yet.");
    public static readonly Error SiweBadSignature = new("auth.siwe_signature", ErrorKind.Forbidden,
        "The signature is not the message address's.");
}
