using Mediator;
using OpenChat.Chain.Kernel;
using OpenChat.Chain.Wallet;
using OpenChat.Chain.Wallet.Actions;
using OpenChat.Chain.Wallet.Sending;
using OpenChat.Chain.Wallet.Votes;

namespace OpenChat.Chain.Governance.Governor;

public enum ProposalStep { Queue, Execute }

/// <summary>
/// Queues a succeeded proposal in the timelock, or executes a queued one once its delay has passed. Anyone may; the
/// service's keeper account does both by itself when due. Once per proposal and step.
/// </summary>
public sealed record AdvanceProposal(int AccountIndex, ProposalStep Step, ProposalActions Actions) : ICommand<Result<SentTransfer>>;

public sealed class AdvanceProposalHandler(ActionOutbox outbox) : ICommandHandler<AdvanceProposal, Result<SentTransfer>>
{
    public async ValueTask<Result<SentTransfer>> Handle(AdvanceProposal cmd, CancellationToken ct)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(cmd.AccountIndex);
        var id = cmd.Actions.ProposalId;
        var key = $"{cmd.Step.ToString().ToLowerInvariant()}:{id}";
        if (await outbox.FindAsync(cmd.AccountIndex, key, ct) is { } earlier) return new SentTransfer(earlier.ToView(), false);
        var ready = await outbox.ReadyAsync(cmd.AccountIndex, ct);
        if (ready.Error is { } notReady) return notReady;
        var (from, connection) = ready.Value;
        try
        {
            var status = await connection.StatusAsync(id, ct);
            if (status is null) return GovernanceErrors.ProposalNotFound;
            if (cmd.Step == ProposalStep.Queue && status.State != ProposalState.Succeeded)
                return GovernanceErrors.ProposalNotReady.With($"Only a Succeeded proposal can be queued; this one is {status.State}");
            if (cmd.Step == ProposalStep.Execute)
            {
                if (status.State != ProposalState.Queued)
                    return GovernanceErrors.ProposalNotReady.With($"Only a Queued proposal can be executed; this one is {status.State}");
                var now = await connection.ChainTimeAsync(ct);
                if (now < status.Eta)
                    return GovernanceErrors.ProposalNotReady.With($"The timelock delay ends at {DateTimeOffset.FromUnixTimeSeconds(status.Eta):u}; {status.Eta - now} s to go");
            }
        }
        catch (Exception e) when (ChainReads.IsOutage(e))
        {
            return WalletErrors.ChainUnavailable;
        }
        var details = ChainActions.Serialize(cmd.Actions.ToDetails(withDescription: false));
        return await outbox.EnqueueAsync(cmd.AccountIndex, key, cmd.Step == ProposalStep.Queue ? TransferKind.Queue : TransferKind.Execute, from,
            connection.Contracts.Governor, details, ct);
    }
}
