using System.Numerics;
using Nethereum.ABI;
using Nethereum.Util;

namespace OpenChat.Chain.Wallet.Envelopes;

/// <summary>
/// A Fair envelope's draw recomputed off chain, exactly as RedEnvelope does it (contracts/docs/fair-envelopes.md): so
/// anyone can check a reveal from chain data without trusting the contract's own arithmetic or the service.
/// </summary>
public static class FairShares
{
    static readonly ABIEncode Abi = new();

    /// <summary>keccak256(abi.encode(seed)): the commitment stored at creation.</summary>
    public static byte[] SeedHash(byte[] seed) => Sha3Keccack.Current.CalculateHash(Abi.GetABIEncoded(new ABIValue("bytes32", seed)));

    /// <summary>keccak256(abi.encode(seed, blockhash(closedAt), id)).</summary>
    public static byte[] Randomness(byte[] seed, byte[] entropy, BigInteger id) => Sha3Keccack.Current.CalculateHash(Abi.GetABIEncoded(
        new ABIValue("bytes32", seed), new ABIValue("bytes32", entropy), new ABIValue("uint256", id)));

    /// <summary>The amounts by claim position: WeChat draws in order, then a Fisher-Yates shuffle.</summary>
    public static BigInteger[] Amounts(byte[] randomness, BigInteger total, int shares, BigInteger minShare)
    {
        var amounts = new BigInteger[shares];
        var remaining = total;
        for (var i = 0; i < shares; i++)
        {
            var left = shares - i;
            var amount = left == 1 ? remaining : WeChat(Word(randomness, 0, i), remaining, left, minShare);
            amounts[i] = amount;
            remaining -= amount;
        }
        for (var i = shares; i > 1; i--)
        {
            var j = (int)(Word(randomness, 1, i - 1) % i);
            (amounts[i - 1], amounts[j]) = (amounts[j], amounts[i - 1]);
        }
        return amounts;
    }

    /// <summary>The WeChat rule: uniform in [minShare, 2 * remaining / left], capped so each later share keeps minShare.</summary>
    static BigInteger WeChat(BigInteger random, BigInteger remaining, int left, BigInteger minShare)
    {
        var max = 2 * remaining / left;
        var reserve = remaining - (left - 1) * minShare;
        if (max > reserve) max = reserve;
        return minShare + random % (max - minShare + 1);
    }

    /// <summary>uint256(keccak256(abi.encode(randomness, tag, i))).</summary>
    static BigInteger Word(byte[] randomness, int tag, int i) => new(Sha3Keccack.Current.CalculateHash(Abi.GetABIEncoded(
        new ABIValue("bytes32", randomness), new ABIValue("uint256", tag), new ABIValue("uint256", i))), isUnsigned: true, isBigEndian: true);
}
