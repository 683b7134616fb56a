using System.Numerics;
using System.Text;
using Nethereum.ABI;
using Nethereum.Util;

namespace OpenChat.Chain.Wallet.Signing;

/// <summary>
/// An EIP-712 signing domain (name, version, chain id, verifying contract) and the typed-data digest
/// keccak256("\x19\x01" ‖ domainSeparator ‖ hashStruct(message)) that wallets and contracts sign and check.
/// </summary>
public sealed record Eip712Domain(string Name, string Version, long ChainId, string VerifyingContract)
{
    static readonly byte[] DomainTypeHash = Keccak("EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)");

    public byte[] Separator() => Sha3Keccack.Current.CalculateHash(new ABIEncode().GetABIEncoded(
        new ABIValue("bytes32", DomainTypeHash),
        new ABIValue("bytes32", Keccak(Name)),
        new ABIValue("bytes32", Keccak(Version)),
        new ABIValue("uint256", new BigInteger(ChainId)),
        new ABIValue("address", VerifyingContract)));

    /// <summary>The digest of a message whose struct fields are ABI-encoded after its type hash.</summary>
    public byte[] Digest(byte[] typeHash, params ABIValue[] fields)
    {
        var structHash = Sha3Keccack.Current.CalculateHash(new ABIEncode().GetABIEncoded(
            [new ABIValue("bytes32", typeHash), .. fields]));
        return Sha3Keccack.Current.CalculateHash([0x19, 0x01, .. Separator(), .. structHash]);
    }

    public static byte[] Keccak(string text) => Sha3Keccack.Current.CalculateHash(Encoding.UTF8.GetBytes(text));
}
