using System.Globalization;
using System.Numerics;
using OpenChat.Chain.Wallet.Contracts;
using OpenChat.Chain.Wallet.Sending;
using OpenChat.Chain.Wallet.Actions;

namespace OpenChat.Chain.Governance.Governor;

/// <summary>Support as the governor counts it: 0 against, 1 for, 2 abstain.</summary>
public sealed record VoteDetails(string ProposalId, byte Support, string Reason);

/// <summary>Governor.castVoteWithReason(proposalId, support, reason).</summary>
public sealed class VoteAction : IChainAction
{
    /// <summary>CoinAgeGovernorGasTest.castVote_coinAge_against (the dearest vote), with room for a reason of a few hundred bytes.</summary>
    public static readonly BigInteger Gas = 250_000;

    public TransferKind Kind => TransferKind.Vote;

    public ValueTask<ChainCall> CallAsync(OutgoingTransfer row, ActionContext context, CancellationToken ct)
    {
        var vote = ChainActions.Read<VoteDetails>(row);
        return ValueTask.FromResult(new ChainCall(context.Chain.Contracts.Governor, ContractArtifact.ChatGovernor.Encode("castVoteWithReason",
            BigInteger.Parse(vote.ProposalId, CultureInfo.InvariantCulture), vote.Support, vote.Reason), Gas));
    }
}
