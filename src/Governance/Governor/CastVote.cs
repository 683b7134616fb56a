using System.Globalization;
using System.Numerics;
using Mediator;
using OpenChat.Chain.Kernel;
using OpenChat.Chain.Wallet;
using OpenChat.Chain.Wallet.Actions;
using OpenChat.Chain.Wallet.Sending;

namespace OpenChat.Chain.Governance.Governor;

public enum VoteSupport : byte { Against = 0, For = 1, Abstain = 2 }

/// <summary>
/// Votes For, Against or Abstain with an optional reason, relayed (gasless). Once per account and proposal, and only
/// while the vote is open: the governor would revert otherwise, so the service refuses first.
/// </summary>
public sealed record CastVote(int AccountIndex, string ProposalId, VoteSupport Support, string? Reason) : ICommand<Result<SentTransfer>>;

public sealed class CastVoteHandler(ActionOutbox outbox) : ICommandHandler<CastVote, Result<SentTransfer>>
{
    public async ValueTask<Result<SentTransfer>> Handle(CastVote cmd, CancellationToken ct)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(cmd.AccountIndex);
        if (!BigInteger.TryParse(cmd.ProposalId, NumberStyles.None, CultureInfo.InvariantCulture, out var id)) return GovernanceErrors.ProposalNotFound;
        var key = $"vote:{cmd.ProposalId}";
        if (await outbox.FindAsync(cmd.AccountIndex, key, ct) is { Status: not TransferStatus.Failed }) return GovernanceErrors.AlreadyVoted;
        var ready = await outbox.ReadyAsync(cmd.AccountIndex, ct);
        if (ready.Error is { } notReady) return notReady;
        var (voter, connection) = ready.Value;
        try
        {
            var state = await connection.StateAsync(id, ct);
            if (state is null) return GovernanceErrors.ProposalNotFound;
            if (state != ProposalState.Active) return GovernanceErrors.VotingClosed.With($"The proposal is {state}: votes count only while it is Active");
            if (await connection.HasVotedAsync(id, voter, ct)) return GovernanceErrors.AlreadyVoted;
        }
        catch (Exception e) when (ChainReads.IsOutage(e))
        {
            return WalletErrors.ChainUnavailable;
        }
        // A vote that failed on chain (e.g. the period ended while it waited) may be cast again: a new key for the retry.
        if (await outbox.FindAsync(cmd.AccountIndex, key, ct) is not null) key = $"{key}:{Guid.NewGuid():N}";
        var details = ChainActions.Serialize(new VoteDetails(cmd.ProposalId, (byte)cmd.Support, cmd.Reason ?? ""));
        return await outbox.EnqueueAsync(cmd.AccountIndex, key, TransferKind.Vote, voter, connection.Contracts.Governor, details, ct);
    }
}
