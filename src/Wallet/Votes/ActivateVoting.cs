using System.Numerics;
using Mediator;
using OpenChat.Chain.Kernel;
using OpenChat.Chain.Wallet.Chain;
using OpenChat.Chain.Wallet.Keys;
using OpenChat.Chain.Wallet.Sending;
using OpenChat.Chain.Wallet.Transfers;

namespace OpenChat.Chain.Wallet.Votes;

/// <summary>
/// Turns the account's votes on: ERC20Votes counts only delegated coins, and accounts are not delegated by default so
/// that members who never vote never pay for vote checkpoints on their transfers. The first time a member opens
/// governance or joins its group, the service relays ChatCoin.delegate(self) for them (no ETH, no passkey: delegating
/// to oneself gives authority to nobody else). The governor's voting delay leaves time to do this after seeing a
/// proposal (contracts/docs/voting-activation.md). Does nothing when the account already delegates (to itself or to
/// someone else); one outbox row per account (idempotency key "delegate:self").
/// </summary>
public sealed record ActivateVoting(int AccountIndex) : ICommand<Result<VotingActivation>>;

/// <param name="AlreadyActive">The account delegated before (on chain): nothing was queued.</param>
/// <param name="Transfer">The relayed self-delegation, when one was queued now or earlier.</param>
/// <param name="Created">Whether this call queued it.</param>
public sealed record VotingActivation(bool AlreadyActive, TransferView? Transfer, bool Created);

public sealed class ActivateVotingHandler(WalletDb db, WalletKeys keys, ChainStatus chain, Broadcaster broadcaster, TimeProvider clock)
    : ICommandHandler<ActivateVoting, Result<VotingActivation>>
{
    public const string Key = "delegate:self";
    const string NoDelegate = "0x0000000000000000000000000000000000000000";

    public async ValueTask<Result<VotingActivation>> Handle(ActivateVoting cmd, CancellationToken ct)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(cmd.AccountIndex); // 0 is the relayer
        if (await keys.GetAsync(ct) is not { } wallet) return WalletErrors.KeysUnavailable;
        var earlier = await Outbox.FindAsync(db, cmd.AccountIndex, Key, ct);
        if (earlier is not null) return new VotingActivation(false, earlier.ToView(), false);
        if (chain.Connection is not { } connection) return WalletErrors.ChainUnavailable;

        var self = wallet.AddressOf(cmd.AccountIndex);
        var delegatee = await connection.DelegateOfAsync(self, ct);
        if (!string.IsNullOrEmpty(delegatee) && !string.Equals(delegatee, NoDelegate, StringComparison.OrdinalIgnoreCase))
            return new VotingActivation(true, null, false);

        var sent = await Outbox.EnqueueAsync(db, broadcaster, new OutgoingTransfer(Guid.CreateVersion7(), cmd.AccountIndex, Key,
            TransferKind.Delegate, self, self, BigInteger.Zero, clock.GetUtcNow().UtcDateTime), ct);
        if (sent.Error is { } error) return error;
        return new VotingActivation(false, sent.Value!.Transfer, sent.Value.Created);
    }
}
