using System.Globalization;
using OpenChat.Chain.Wallet.Keys;

namespace OpenChat.Chain.Wallet.Envelopes;

/// <summary>
/// The seed of a Fair envelope (contracts/docs/fair-envelopes.md): derived from the wallet's master seed and what names the
/// envelope's creation row (chain, contract, creator account, idempotency key), so it is the same at creation (its keccak
/// committed) and at the reveal, survives a crash without being stored, and is unknown to the creator, the claimers and the
/// relayer's mempool until the reveal. Security: never logged, never returned by the API; only the reveal call carries it.
/// </summary>
public static class EnvelopeSeeds
{
    public static byte[] Of(HdWallet wallet, long chainId, string redEnvelope, int creatorAccount, string idempotencyKey) =>
        wallet.DeriveSecret(string.Create(CultureInfo.InvariantCulture,
            $"fair-envelope/{chainId}/{redEnvelope.ToLowerInvariant()}/{creatorAccount}/{idempotencyKey}"));
}
