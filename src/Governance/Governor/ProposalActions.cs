using System.Globalization;
using System.Numerics;
using System.Text;
using Nethereum.ABI;
using Nethereum.Hex.HexConvertors.Extensions;
using Nethereum.Util;
using OpenChat.Chain.Wallet.Sending;
using OpenChat.Chain.Wallet.Actions;

namespace OpenChat.Chain.Governance.Governor;

/// <summary>What a proposal does when executed (calls from the timelock) and its description, as the governor hashes them.</summary>
public sealed record ProposalActions(IReadOnlyList<string> Targets, IReadOnlyList<BigInteger> Values, IReadOnlyList<string> Calldatas, string Description)
{
    public byte[] DescriptionHash => Sha3Keccack.Current.CalculateHash(Encoding.UTF8.GetBytes(Description));

    /// <summary>Governor.hashProposal: keccak256(abi.encode(targets, values, calldatas, keccak256(description))).</summary>
    public BigInteger ProposalId
    {
        get
        {
            var encoded = new ABIEncode().GetABIEncoded(
                new ABIValue("address[]", Targets.ToArray()),
                new ABIValue("uint256[]", Values.ToArray()),
                new ABIValue("bytes[]", Calldatas.Select(c => c.HexToByteArray()).ToArray()),
                new ABIValue("bytes32", DescriptionHash));
            return new BigInteger(Sha3Keccack.Current.CalculateHash(encoded), isUnsigned: true, isBigEndian: true);
        }
    }

    public ProposalDetails ToDetails(bool withDescription) => new([.. Targets], [.. Values.Select(v => v.ToString(CultureInfo.InvariantCulture))],
        [.. Calldatas], withDescription ? Description : null, DescriptionHash.ToHex(true));
}

/// <summary>OpenZeppelin Governor's ProposalState, in its order.</summary>
public enum ProposalState { Pending, Active, Canceled, Defeated, Succeeded, Queued, Expired, Executed }
