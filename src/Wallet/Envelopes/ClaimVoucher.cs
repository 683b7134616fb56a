using System.Numerics;
using Nethereum.ABI;
using Nethereum.Signer;
using OpenChat.Chain.Wallet.Signing;

namespace OpenChat.Chain.Wallet.Envelopes;

/// <summary>
/// The gatekeeper's permission for one member to claim one share of one envelope, on one chain and one
/// RedEnvelope contract, until a deadline (EIP-712 typed data, verified on chain by RedEnvelope.claim).
/// </summary>
public sealed record ClaimVoucher(long ChainId, string RedEnvelope, BigInteger EnvelopeId, string Claimer, ulong Deadline)
{
    static readonly byte[] VoucherTypeHash = Eip712Domain.Keccak("ClaimVoucher(uint256 envelopeId,address claimer,uint64 deadline)");

    /// <summary>EIP-712 digest of the voucher in the RedEnvelope contract's domain ("RedEnvelope", "1").</summary>
    public byte[] Digest() => new Eip712Domain("RedEnvelope", "1", ChainId, RedEnvelope).Digest(VoucherTypeHash,
        new ABIValue("uint256", EnvelopeId),
        new ABIValue("address", Claimer),
        new ABIValue("uint64", Deadline));

    /// <summary>The 65-byte signature r ‖ s ‖ v that RedEnvelope.claim takes.</summary>
    public byte[] SignWith(EthECKey gatekeeper)
    {
        var signature = gatekeeper.SignAndCalculateV(Digest());
        return [.. signature.R.PadTo32(), .. signature.S.PadTo32(), .. signature.V];
    }
}

static class ByteArrayPadding
{
    public static byte[] PadTo32(this byte[] value) =>
        value.Length >= 32 ? value : [.. new byte[32 - value.Length], .. value];
}
