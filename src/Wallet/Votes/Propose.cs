using System.Numerics;
using Mediator;
using OpenChat.Chain.Kernel;
using OpenChat.Chain.Wallet.Chain;
using OpenChat.Chain.Wallet.Keys;
using OpenChat.Chain.Wallet.Sending;
using OpenChat.Chain.Wallet.Transfers;
using OpenChat.Chain.Wallet.Actions;

namespace OpenChat.Chain.Wallet.Votes;

/// <summary>Submits a governor proposal from the account (relayed). Refused up front below the proposal threshold.</summary>
public sealed record Propose(int AccountIndex, string IdempotencyKey, ProposalActions Actions) : ICommand<Result<Proposed>>;

public sealed record Proposed(string ProposalId, TransferView Transfer, bool Created);

public sealed class ProposeHandler(WalletDb db, WalletKeys keys, ChainStatus chain, Broadcaster broadcaster, TimeProvider clock)
    : ICommandHandler<Propose, Result<Proposed>>
{
    public async ValueTask<Result<Proposed>> Handle(Propose cmd, CancellationToken ct)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(cmd.AccountIndex);
        if (Outbox.CheckKey(cmd.IdempotencyKey) is { } keyError) return keyError;
        var id = cmd.Actions.ProposalId.ToString();
        var details = ChainActions.Serialize(cmd.Actions.ToDetails(withDescription: true));
        var earlier = await Outbox.FindAsync(db, cmd.AccountIndex, cmd.IdempotencyKey, ct);
        if (earlier is not null)
            return earlier.Kind == TransferKind.Propose && earlier.Details == details ? new Proposed(id, earlier.ToView(), false) : WalletErrors.IdempotencyKeyReused;
        if (await keys.GetAsync(ct) is not { } wallet) return WalletErrors.KeysUnavailable;
        if (chain.Connection is not { } connection) return WalletErrors.ChainUnavailable;
        var from = wallet.AddressOf(cmd.AccountIndex);
        try
        {
            if (await connection.StatusAsync(cmd.Actions.ProposalId, ct) is not null) return WalletErrors.ProposalExists;
            var now = await connection.ChainTimeAsync(ct);
            var votes = await connection.VotesAtAsync(from, now - 1, ct);
            var threshold = await connection.ProposalThresholdAsync(ct);
            if (votes < threshold)
                return WalletErrors.BelowProposalThreshold.With($"Proposing takes {Coins.Format(threshold)} votes; you have {Coins.Format(votes)}");
        }
        catch (Exception e) when (ChainReads.IsOutage(e))
        {
            return WalletErrors.ChainUnavailable;
        }
        var sent = await Outbox.EnqueueAsync(db, broadcaster, new OutgoingTransfer(Guid.CreateVersion7(), cmd.AccountIndex, cmd.IdempotencyKey,
            TransferKind.Propose, from, connection.Contracts.Governor, BigInteger.Zero, clock.GetUtcNow().UtcDateTime, details), ct);
        return new Proposed(id, sent.Value!.Transfer, sent.Value.Created);
    }
}
