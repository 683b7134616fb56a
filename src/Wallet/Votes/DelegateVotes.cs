using System.Numerics;
using Mediator;
using OpenChat.Chain.Kernel;
using OpenChat.Chain.Wallet.Chain;
using OpenChat.Chain.Wallet.Keys;
using OpenChat.Chain.Wallet.Sending;
using OpenChat.Chain.Wallet.Transfers;

namespace OpenChat.Chain.Wallet.Votes;

/// <summary>
/// Gives the account's voting power to <c>Delegatee</c> (itself included): ChatCoin.delegate, relayed, so no ETH is needed.
/// New accounts are delegated to themselves this way, so their coins count from the start.
/// </summary>
public sealed record DelegateVotes(int AccountIndex, string IdempotencyKey, string? Delegatee) : ICommand<Result<SentTransfer>>;

public sealed class DelegateVotesHandler(WalletDb db, WalletKeys keys, Broadcaster broadcaster, TimeProvider clock)
    : ICommandHandler<DelegateVotes, Result<SentTransfer>>
{
    public async ValueTask<Result<SentTransfer>> Handle(DelegateVotes cmd, CancellationToken ct)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(cmd.AccountIndex);
        if (Outbox.CheckKey(cmd.IdempotencyKey) is { } keyError) return keyError;
        if (await keys.GetAsync(ct) is not { } wallet) return WalletErrors.KeysUnavailable;
        var delegatee = cmd.Delegatee is null ? Result<string>.Of(wallet.AddressOf(cmd.AccountIndex)) : Addresses.Parse(cmd.Delegatee);
        if (delegatee.Error is { } invalid) return invalid;
        var earlier = await Outbox.FindAsync(db, cmd.AccountIndex, cmd.IdempotencyKey, ct);
        if (earlier is not null)
            return earlier.Kind == TransferKind.Delegate && earlier.To == delegatee.Value ? new SentTransfer(earlier.ToView(), false) : WalletErrors.IdempotencyKeyReused;
        return await Outbox.EnqueueAsync(db, broadcaster, new OutgoingTransfer(Guid.CreateVersion7(), cmd.AccountIndex, cmd.IdempotencyKey,
            TransferKind.Delegate, wallet.AddressOf(cmd.AccountIndex), delegatee.Value!, BigInteger.Zero, clock.GetUtcNow().UtcDateTime), ct);
    }
}
