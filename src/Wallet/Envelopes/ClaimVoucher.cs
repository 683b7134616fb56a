using System.Numerics;
using System.Text;
using Nethereum.ABI;
using Nethereum.Signer;
using Nethereum.Util;

namespace OpenChat.Chain.Wallet.Envelopes;

/// <summary>
/// The gatekeeper's permission for one member to claim one share of one envelope, on one chain and one
/// RedEnvelope contract, until a deadline (EIP-712 typed data, verified on chain by RedEnvelope.claim).
/// </summary>
public sealed record ClaimVoucher(long ChainId, string RedEnvelope, BigInteger EnvelopeId, string Claimer, ulong Deadline)
{
    static readonly byte[] DomainTypeHash = Keccak("EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)");
    static readonly byte[] VoucherTypeHash = Keccak("ClaimVoucher(uint256 envelopeId,address claimer,uint64 deadline)");
    static readonly byte[] DomainName = Keccak("RedEnvelope");
    static readonly byte[] DomainVersion = Keccak("1");

    /// <summary>EIP-712: keccak256("\x19\x01" ‖ domainSeparator ‖ hashStruct(voucher)).</summary>
    public byte[] Digest()
    {
        var abi = new ABIEncode();
        var domainSeparator = Sha3Keccack.Current.CalculateHash(abi.GetABIEncoded(
            new ABIValue("bytes32", DomainTypeHash),
            new ABIValue("bytes32", DomainName),
            new ABIValue("bytes32", DomainVersion),
            new ABIValue("uint256", new BigInteger(ChainId)),
            new ABIValue("address", RedEnvelope)));
        var structHash = Sha3Keccack.Current.CalculateHash(abi.GetABIEncoded(
            new ABIValue("bytes32", VoucherTypeHash),
            new ABIValue("uint256", EnvelopeId),
            new ABIValue("address", Claimer),
            new ABIValue("uint64", Deadline)));
        return Sha3Keccack.Current.CalculateHash([0x19, 0x01, .. domainSeparator, .. structHash]);
    }

    /// <summary>The 65-byte signature r ‖ s ‖ v that RedEnvelope.claim takes.</summary>
    public byte[] SignWith(EthECKey gatekeeper)
    {
        var signature = gatekeeper.SignAndCalculateV(Digest());
        return [.. signature.R.PadTo32(), .. signature.S.PadTo32(), .. signature.V];
    }

    static byte[] Keccak(string text) => Sha3Keccack.Current.CalculateHash(Encoding.UTF8.GetBytes(text));
}

static class ByteArrayPadding
{
    public static byte[] PadTo32(this byte[] value) =>
        value.Length >= 32 ? value : [.. new byte[32 - value.Length], .. value];
}
