using Mediator;
using OpenChat.Chain.Kernel;
using OpenChat.Chain.Wallet;
using OpenChat.Chain.Wallet.Actions;
using OpenChat.Chain.Wallet.Sending;
using OpenChat.Chain.Wallet.Transfers;
using OpenChat.Chain.Wallet.Votes;

namespace OpenChat.Chain.Governance.Governor;

/// <summary>Submits a governor proposal from the account (relayed). Refused up front below the proposal threshold.</summary>
public sealed record Propose(int AccountIndex, string IdempotencyKey, ProposalActions Actions) : ICommand<Result<Proposed>>;

public sealed record Proposed(string ProposalId, TransferView Transfer, bool Created);

public sealed class ProposeHandler(ActionOutbox outbox) : ICommandHandler<Propose, Result<Proposed>>
{
    public async ValueTask<Result<Proposed>> Handle(Propose cmd, CancellationToken ct)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(cmd.AccountIndex);
        if (ActionOutbox.CheckKey(cmd.IdempotencyKey) is { } keyError) return keyError;
        var id = cmd.Actions.ProposalId.ToString();
        var details = ChainActions.Serialize(cmd.Actions.ToDetails(withDescription: true));
        var earlier = await outbox.FindAsync(cmd.AccountIndex, cmd.IdempotencyKey, ct);
        if (earlier is not null)
            return earlier.Kind == TransferKind.Propose && earlier.Details == details ? new Proposed(id, earlier.ToView(), false) : WalletErrors.IdempotencyKeyReused;
        var ready = await outbox.ReadyAsync(cmd.AccountIndex, ct);
        if (ready.Error is { } notReady) return notReady;
        var (from, connection) = ready.Value;
        try
        {
            if (await connection.StatusAsync(cmd.Actions.ProposalId, ct) is not null) return GovernanceErrors.ProposalExists;
            var now = await connection.ChainTimeAsync(ct);
            var votes = await connection.VotesAtAsync(from, now - 1, ct);
            var threshold = await connection.ProposalThresholdAsync(ct);
            if (votes < threshold)
                return GovernanceErrors.BelowProposalThreshold.With($"Proposing takes {Coins.Format(threshold)} votes; you have {Coins.Format(votes)}");
        }
        catch (Exception e) when (ChainReads.IsOutage(e))
        {
            return WalletErrors.ChainUnavailable;
        }
        var sent = await outbox.EnqueueAsync(cmd.AccountIndex, cmd.IdempotencyKey, TransferKind.Propose, from, connection.Contracts.Governor, details, ct);
        return new Proposed(id, sent.Value!.Transfer, sent.Value.Created);
    }
}
