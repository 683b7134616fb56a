using System.Numerics;
using OpenChat.Chain.Wallet.Sending;
using OpenChat.Chain.Wallet.Actions;

namespace OpenChat.Chain.Governance.Governor;

/// <summary>Governor.execute(targets, values, calldatas, descriptionHash): the timelock runs a queued proposal's actions.</summary>
public sealed class ExecuteAction : IChainAction
{
    /// <summary>
    /// ChatGovernorGasTest.execute (a mint), with room for the templates' other actions (a parameter change, a release
    /// approval: ReleaseRegistryGasTest.approveRelease), each well under the headroom.
    /// </summary>
    public static readonly BigInteger Gas = 500_000;

    public TransferKind Kind => TransferKind.Execute;

    public ValueTask<ChainCall> CallAsync(OutgoingTransfer row, ActionContext context, CancellationToken ct)
    {
        var proposal = ChainActions.Read<ProposalDetails>(row);
        return ValueTask.FromResult(new ChainCall(context.Chain.Contracts.Governor, proposal.Encode("execute", proposal.DescriptionHashBytes), Gas));
    }
}
