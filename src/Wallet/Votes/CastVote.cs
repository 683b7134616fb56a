using System.Globalization;
using System.Numerics;
using Mediator;
using OpenChat.Chain.Kernel;
using OpenChat.Chain.Wallet.Chain;
using OpenChat.Chain.Wallet.Keys;
using OpenChat.Chain.Wallet.Sending;
using OpenChat.Chain.Wallet.Actions;

namespace OpenChat.Chain.Wallet.Votes;

public enum VoteSupport : byte { Against = 0, For = 1, Abstain = 2 }

/// <summary>
/// Votes For, Against or Abstain with an optional reason, relayed (gasless). Once per account and proposal, and only
/// while the vote is open: the governor would revert otherwise, so the service refuses first.
/// </summary>
public sealed record CastVote(int AccountIndex, string ProposalId, VoteSupport Support, string? Reason) : ICommand<Result<SentTransfer>>;

public sealed class CastVoteHandler(WalletDb db, WalletKeys keys, ChainStatus chain, Broadcaster broadcaster, TimeProvider clock)
    : ICommandHandler<CastVote, Result<SentTransfer>>
{
    public async ValueTask<Result<SentTransfer>> Handle(CastVote cmd, CancellationToken ct)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(cmd.AccountIndex);
        if (!BigInteger.TryParse(cmd.ProposalId, NumberStyles.None, CultureInfo.InvariantCulture, out var id)) return WalletErrors.ProposalNotFound;
        var key = $"vote:{cmd.ProposalId}";
        if (await Outbox.FindAsync(db, cmd.AccountIndex, key, ct) is { Status: not TransferStatus.Failed }) return WalletErrors.AlreadyVoted;
        if (await keys.GetAsync(ct) is not { } wallet) return WalletErrors.KeysUnavailable;
        if (chain.Connection is not { } connection) return WalletErrors.ChainUnavailable;
        var voter = wallet.AddressOf(cmd.AccountIndex);
        try
        {
            var state = await connection.StateAsync(id, ct);
            if (state is null) return WalletErrors.ProposalNotFound;
            if (state != ProposalState.Active) return WalletErrors.VotingClosed.With($"The proposal is {state}: votes count only while it is Active");
            if (await connection.HasVotedAsync(id, voter, ct)) return WalletErrors.AlreadyVoted;
        }
        catch (Exception e) when (ChainReads.IsOutage(e))
        {
            return WalletErrors.ChainUnavailable;
        }
        // A vote that failed on chain (e.g. the period ended while it waited) may be cast again: a new key for the retry.
        if (await Outbox.FindAsync(db, cmd.AccountIndex, key, ct) is not null) key = $"{key}:{Guid.NewGuid():N}";
        var details = ChainActions.Serialize(new VoteDetails(cmd.ProposalId, (byte)cmd.Support, cmd.Reason ?? ""));
        return await Outbox.EnqueueAsync(db, broadcaster, new OutgoingTransfer(Guid.CreateVersion7(), cmd.AccountIndex, key, TransferKind.Vote,
            voter, connection.Contracts.Governor, BigInteger.Zero, clock.GetUtcNow().UtcDateTime, details), ct);
    }
}
