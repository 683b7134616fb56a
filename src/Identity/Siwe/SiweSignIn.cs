using System.Globalization;
using System.Numerics;
using System.Text.RegularExpressions;
using Mediator;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Nethereum.Signer;
using OpenChat.Chain.Kernel;
using OpenChat.Chain.Messaging;
using OpenChat.Chain.Messaging.Users;

namespace OpenChat.Chain.Identity;

/// <summary>
/// Sign-In with Ethereum (EIP-4361) for people who bring their own wallet. The account is found by the wallet's
/// address, or created at the first sign-in with the handle "eth_" + the address's first 8 hex digits (longer
/// when that is taken); passkey sign-ups cannot take "eth_" names.
/// </summary>
public sealed partial class SiweSignIn(
    CeremonyStore ceremonies, IMediator mediator, IOptions<SiweOptions> siwe, IOptions<PasskeyOptions> passkeys,
    TimeProvider clock, ILogger<SiweSignIn> logger)
{
    public const string HandlePrefix = "eth_";

    // Wallets and servers disagree on the time by a little; a message from a minute in the future is still fine.
    static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(1);

    public async Task<NonceView> IssueNonce(CancellationToken ct)
    {
        var ceremony = await ceremonies.Begin(CeremonyPurpose.SiweSignIn, "", siwe.Value.NonceLifetime, ct);
        return new NonceView(ceremony.Id, ceremony.ExpiresAt);
    }

    public async Task<Result<UserView>> SignIn(string? text, string? signature, CancellationToken ct)
    {
        // 1. Parse the message by the EIP-4361 grammar.
        text ??= "";
        var parsed = SiweMessage.Parse(text);
        if (parsed.Error is { } malformed) return malformed;
        var message = parsed.Value!;

        // 2. EIP-4361 §Security: the domain (and URI) must be ours, or a phishing site could replay a signature made for it.
        if (!IsForUs(message))
        {
            LogRefused(logger, "domain", message.Domain);
            return AuthErrors.SiweWrongDomain;
        }

        // 3. The chain (EIP-155 id) this service's wallets live on.
        if (message.ChainId != siwe.Value.ChainId)
            return AuthErrors.SiweWrongChain.With($"The message is for chain {message.ChainId}; sign in on chain {siwe.Value.ChainId}.");

        // 4. Issued at (not in the future), expiration time and not before, with a minute of clock skew.
        var now = clock.GetUtcNow();
        if (message.ExpirationTime <= now || message.NotBefore > now + ClockSkew || message.IssuedAt > now + ClockSkew)
            return AuthErrors.SiweExpired;

        // 5. EIP-191 personal_sign: recover the signer of "\x19Ethereum Signed Message:\n" + length + message.
        if (Recover(text, signature) is not { } signer || !string.Equals(signer, message.Address, StringComparison.OrdinalIgnoreCase))
        {
            LogRefused(logger, "signature", message.Domain);
            return AuthErrors.SiweBadSignature;
        }

        // 6. The nonce: issued here, unexpired, and used up now. Checked after the signature, so only the signer can spend it.
        if (await ceremonies.Take(message.Nonce, CeremonyPurpose.SiweSignIn, ct) is null) return AuthErrors.ChallengeExpired;

        // 7. The wallet's account, or a new one.
        return await FindOrRegister(message.Address, ct);
    }

    // secp256k1n / 2 (SEC 2 §2.4.1: n = FFFFFFFF FFFFFFFF FFFFFFFF FFFFFFFE BAAEDCE6 AF48A03B BFD25E8C D0364141).
    static readonly BigInteger HalfCurveOrder = BigInteger.Parse(
        "07FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF5D576E7357A4501DDFE92F46681B20A0", NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture);

    // r ‖ s ‖ v, 65 bytes; v is 27 or 28, or 0 or 1 as some hardware wallets write it.
    static string? Recover(string message, string? signature)
    {
        if (signature is null || !SignatureShape().IsMatch(signature)) return null;
        // EIP-2 (as ecrecover-based verifiers such as OpenZeppelin's ECDSA do): s must lie in the lower half of the
        // curve order, else (r, n - s) is a second valid signature of the same message, made without the key.
        if (BigInteger.Parse("0" + signature[66..130], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture) > HalfCurveOrder)
            return null;
        var v = Convert.ToByte(signature[^2..], 16);
        if (v is 0 or 1) signature = signature[..^2] + (v + 27).ToString("x2", CultureInfo.InvariantCulture);
        else if (v is not (27 or 28)) return null;
        try
        {
            return new EthereumMessageSigner().EncodeUTF8AndEcRecover(message, signature);
        }
        catch (ArgumentException)
        {
            // r is not the x of a curve point: no key signed this.
            return null;
        }
    }

    bool IsForUs(SiweMessage message)
    {
        var origins = siwe.Value.Origins.Length > 0 ? siwe.Value.Origins : passkeys.Value.EffectiveOrigins;
        return origins.Select(o => new Uri(o)).Any(origin =>
            string.Equals(origin.Authority, message.Domain, StringComparison.OrdinalIgnoreCase)
            && (message.Scheme is null || string.Equals(message.Scheme, origin.Scheme, StringComparison.OrdinalIgnoreCase))
            && string.Equals(message.Uri.Scheme, origin.Scheme, StringComparison.OrdinalIgnoreCase)
            && string.Equals(message.Uri.Authority, origin.Authority, StringComparison.OrdinalIgnoreCase));
    }

    async Task<Result<UserView>> FindOrRegister(string address, CancellationToken ct)
    {
        var found = await mediator.Send(new GetUserByAddress(address), ct);
        if (found.IsSuccess) return found;

        // 8, 12, … 28 hex digits: "eth_" + 28 fills the 32-character handle; two addresses sharing 112 bits is not a thing.
        var hex = address[2..].ToLowerInvariant();
        var displayName = $"{address[..6]}…{address[^4..]}";
        for (var digits = 8; digits <= 28; digits += 4)
        {
            var registered = await mediator.Send(new RegisterUser(HandlePrefix + hex[..digits], displayName, address), ct);
            if (registered.Value is { } created) return created.User;
            // A concurrent first sign-in with the same wallet created the account: use it.
            if (registered.Error!.Code == MessagingErrors.AddressTaken.Code) return await mediator.Send(new GetUserByAddress(address), ct);
            if (registered.Error.Code != MessagingErrors.HandleTaken.Code) return registered.Error;
        }
        throw new InvalidOperationException($"Every eth_ handle for {address} is taken");
    }

    // 65 bytes: r ‖ s ‖ v.
    [GeneratedRegex("^0x[0-9a-fA-F]{130}$")]
    private static partial Regex SignatureShape();

    [LoggerMessage(Level = LogLevel.Information, Message = "Sign-In with Ethereum refused ({Reason}) for domain {Domain}")]
    static partial void LogRefused(ILogger logger, string reason, string domain);
}

/// <summary>A SIWE nonce to put in the message; it works once, until <see cref="ExpiresAt"/>.</summary>
public sealed record NonceView(string Nonce, DateTimeOffset ExpiresAt);
