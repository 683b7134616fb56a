using System.Globalization;
using System.Numerics;
using Nethereum.Hex.HexConvertors.Extensions;
using OpenChat.Chain.Wallet.Contracts;
using OpenChat.Chain.Wallet.Sending;
using OpenChat.Chain.Wallet.Actions;

namespace OpenChat.Chain.Governance.Governor;

/// <summary>A governor proposal's actions and description (propose), or its description hash (queue, execute).</summary>
public sealed record ProposalDetails(string[] Targets, string[] Values, string[] Calldatas, string? Description, string? DescriptionHash)
{
    /// <summary>Calldata of <paramref name="function"/>(targets, values, calldatas, <paramref name="last"/>) on the governor.</summary>
    public byte[] Encode(string function, object last) => ContractArtifact.ChatGovernor.Encode(function, Targets.ToList(),
        Values.Select(v => BigInteger.Parse(v, CultureInfo.InvariantCulture)).ToList(), Calldatas.Select(c => c.HexToByteArray()).ToList(), last);

    public byte[] DescriptionHashBytes => (DescriptionHash ?? throw new InvalidOperationException("A proposal row without its description hash"))
        .HexToByteArray();
}

/// <summary>Governor.propose(targets, values, calldatas, description).</summary>
public sealed class ProposeAction : IChainAction
{
    /// <summary>ChatGovernorGasTest.propose with a short description; the rest is room for a description of a few kilobytes.</summary>
    public static readonly BigInteger Gas = 400_000;

    public TransferKind Kind => TransferKind.Propose;

    public ValueTask<ChainCall> CallAsync(OutgoingTransfer row, ActionContext context, CancellationToken ct)
    {
        var proposal = ChainActions.Read<ProposalDetails>(row);
        var description = proposal.Description ?? throw new InvalidOperationException($"Transfer {row.Id}: a proposal without its description");
        return ValueTask.FromResult(new ChainCall(context.Chain.Contracts.Governor, proposal.Encode("propose", description), Gas));
    }
}
