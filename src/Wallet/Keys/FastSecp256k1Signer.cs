using NBitcoin.Secp256k1;
using Nethereum.Model;

namespace OpenChat.Chain.Wallet.Keys;

/// <summary>
/// ECDSA over secp256k1 with NBitcoin.Secp256k1 (RFC 6979 nonces, low s): the same bytes as Nethereum's default
/// BouncyCastle signer, an order of magnitude faster, and for every 32-byte key (see <see cref="SigningSetup"/>).
/// </summary>
public static class FastSecp256k1Signer
{
    /// <summary>
    /// Signs keccak256(type ‖ rlp(fields)) of an EIP-2718 typed transaction, sets the signature and returns the raw
    /// signed bytes.
    /// </summary>
    public static byte[] SignTransaction(ECPrivKey key, SignedTypeTransaction transaction)
    {
        var (r, s, recoveryId) = Sign(key, transaction.RawHash);
        // EIP-1559/EIP-2930: v is the y-parity (0 or 1), not 27/28 and not EIP-155's chainId * 2 + 35.
        transaction.SetSignature(new Signature { R = r, S = s, V = [(byte)recoveryId] });
        return transaction.GetRLPEncoded();
    }

    /// <summary>r ‖ s ‖ v with v = 27 + y-parity: what ecrecover and OpenZeppelin's ECDSA.recover take.</summary>
    public static byte[] SignDigest(ECPrivKey key, ReadOnlySpan<byte> digest)
    {
        var (r, s, recoveryId) = Sign(key, digest);
        return [.. r, .. s, (byte)(27 + recoveryId)];
    }

    static (byte[] R, byte[] S, int RecoveryId) Sign(ECPrivKey key, ReadOnlySpan<byte> digest)
    {
        if (digest.Length != 32) throw new ArgumentException($"A digest has 32 bytes, not {digest.Length}", nameof(digest));
        if (!key.TrySignRecoverable(digest, out var signature) || signature is null)
            throw new InvalidOperationException("secp256k1 refused to sign"); // only for an invalid key, which ECPrivKey.Create rejects
        Span<byte> compact = stackalloc byte[64];
        signature.WriteToSpanCompact(compact, out var recoveryId);
        return (compact[..32].ToArray(), compact[32..].ToArray(), recoveryId);
    }
}
