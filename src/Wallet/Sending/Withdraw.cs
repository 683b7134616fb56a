using System.Numerics;
using Mediator;
using OpenChat.Chain.Kernel;
using OpenChat.Chain.Wallet.Chain;
using OpenChat.Chain.Wallet.Keys;
using OpenChat.Chain.Wallet.Transfers;

namespace OpenChat.Chain.Wallet.Sending;

/// <summary>Sends the account's whole CHAT balance (less what is already on its way) to an outside address.</summary>
public sealed record Withdraw(int AccountIndex, string? IdempotencyKey, string? To) : ICommand<Result<SentTransfer>>;

public sealed class WithdrawHandler(WalletDb db, WalletKeys keys, ChainStatus chain, Broadcaster broadcaster, TimeProvider clock)
    : ICommandHandler<Withdraw, Result<SentTransfer>>
{
    public async ValueTask<Result<SentTransfer>> Handle(Withdraw cmd, CancellationToken ct)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(cmd.AccountIndex); // 0 is the relayer
        if (Outbox.CheckKey(cmd.IdempotencyKey) is { } keyError) return keyError;
        var to = Addresses.Parse(cmd.To);
        if (to.Error is { } addressError) return addressError;

        var earlier = await Outbox.FindAsync(db, cmd.AccountIndex, cmd.IdempotencyKey!, ct);
        if (earlier is not null)
            return earlier.Kind == TransferKind.Withdrawal && earlier.To == to.Value
                ? new SentTransfer(earlier.ToView(), false)
                : WalletErrors.IdempotencyKeyReused;

        if (await keys.GetAsync(ct) is not { } wallet) return WalletErrors.KeysUnavailable;
        var from = wallet.AddressOf(cmd.AccountIndex);

        // "Everything" is only known from the chain: with the chain down there is nothing to queue (503, retry later).
        if (chain.Connection is not { } connection) return WalletErrors.ChainUnavailable;
        BigInteger available;
        try
        {
            available = await connection.AvailableAsync(db, cmd.AccountIndex, from, ct);
        }
        catch (Exception e) when (ChainReads.IsOutage(e))
        {
            return WalletErrors.ChainUnavailable;
        }
        if (available.Sign <= 0) return WalletErrors.InsufficientBalance.With("Nothing to withdraw");

        return await Outbox.EnqueueAsync(db, broadcaster,
            new OutgoingTransfer(Guid.CreateVersion7(), cmd.AccountIndex, cmd.IdempotencyKey!, TransferKind.Withdrawal, from, to.Value!, available,
                clock.GetUtcNow().UtcDateTime), ct);
    }
}
