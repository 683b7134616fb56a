using NBitcoin.Secp256k1;
using Nethereum.Model;
using Native = Secp256k1Net.Secp256k1;

namespace OpenChat.Chain.Wallet.Keys;

/// <summary>
/// ECDSA over secp256k1 with bitcoin-core's libsecp256k1 (native, through Secp256k1.Net): RFC 6979 nonces and low s
/// (EIP-2), so the same bytes as Nethereum's default BouncyCastle signer and NBitcoin.Secp256k1, about ten times faster
/// than the latter, for every 32-byte key (see <see cref="SigningSetup"/>).
/// </summary>
public static class FastSecp256k1Signer
{
    /// <summary>
    /// Signs keccak256(type ‖ rlp(fields)) of an EIP-2718 typed transaction with the 32-byte secret key, sets the
    /// signature and returns the raw signed bytes.
    /// </summary>
    public static byte[] SignTransaction(ReadOnlySpan<byte> secretKey, SignedTypeTransaction transaction)
    {
        var (r, s, recoveryId) = Sign(secretKey, transaction.RawHash);
        // EIP-1559/EIP-2930: v is the y-parity (0 or 1), not 27/28 and not EIP-155's chainId * 2 + 35.
        transaction.SetSignature(new Signature { R = r, S = s, V = [(byte)recoveryId] });
        return transaction.GetRLPEncoded();
    }

    /// <summary>r ‖ s ‖ v with v = 27 + y-parity: what ecrecover and OpenZeppelin's ECDSA.recover take.</summary>
    public static byte[] SignDigest(ReadOnlySpan<byte> secretKey, ReadOnlySpan<byte> digest)
    {
        var (r, s, recoveryId) = Sign(secretKey, digest);
        return [.. r, .. s, (byte)(27 + recoveryId)];
    }

    /// <inheritdoc cref="SignTransaction(ReadOnlySpan{byte}, SignedTypeTransaction)"/>
    public static byte[] SignTransaction(ECPrivKey key, SignedTypeTransaction transaction)
    {
        Span<byte> secret = stackalloc byte[32];
        key.WriteToSpan(secret);
        try { return SignTransaction(secret, transaction); }
        finally { secret.Clear(); }
    }

    /// <inheritdoc cref="SignDigest(ReadOnlySpan{byte}, ReadOnlySpan{byte})"/>
    public static byte[] SignDigest(ECPrivKey key, ReadOnlySpan<byte> digest)
    {
        Span<byte> secret = stackalloc byte[32];
        key.WriteToSpan(secret);
        try { return SignDigest(secret, digest); }
        finally { secret.Clear(); }
    }

    static (byte[] R, byte[] S, int RecoveryId) Sign(ReadOnlySpan<byte> secretKey, ReadOnlySpan<byte> digest)
    {
        if (digest.Length != 32) throw new ArgumentException($"A digest has 32 bytes, not {digest.Length}", nameof(digest));
        if (secretKey.Length != 32) throw new ArgumentException($"A secret key has 32 bytes, not {secretKey.Length}", nameof(secretKey));
        // libsecp256k1's default nonce function is RFC 6979 (HMAC-SHA256), and its signatures are always lower-s.
        var (compact, recoveryId) = Native.SignRecoverable(digest, secretKey);
        return (compact[..32], compact[32..], recoveryId);
    }
}
