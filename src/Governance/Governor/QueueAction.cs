using System.Numerics;
using OpenChat.Chain.Wallet.Sending;
using OpenChat.Chain.Wallet.Actions;

namespace OpenChat.Chain.Governance.Governor;

/// <summary>Governor.queue(targets, values, calldatas, descriptionHash): a passed proposal goes to the timelock.</summary>
public sealed class QueueAction : IChainAction
{
    /// <summary>ChatGovernorGasTest.queue (one action), with room for proposals of several actions (one timelock entry each).</summary>
    public static readonly BigInteger Gas = 500_000;

    public TransferKind Kind => TransferKind.Queue;

    public ValueTask<ChainCall> CallAsync(OutgoingTransfer row, ActionContext context, CancellationToken ct)
    {
        var proposal = ChainActions.Read<ProposalDetails>(row);
        return ValueTask.FromResult(new ChainCall(context.Chain.Contracts.Governor, proposal.Encode("queue", proposal.DescriptionHashBytes), Gas));
    }
}
