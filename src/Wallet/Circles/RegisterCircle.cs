using System.Numerics;
using Mediator;
using OpenChat.Chain.Kernel;
using OpenChat.Chain.Wallet.Chain;
using OpenChat.Chain.Wallet.Keys;
using OpenChat.Chain.Wallet.Sending;
using OpenChat.Chain.Wallet.Actions;

namespace OpenChat.Chain.Wallet.Circles;

/// <summary>
/// Registers a paid circle on CircleAccess from its owner's account (relayed): price per period in base units, period
/// in seconds, payouts to the owner's own address. The circle's id is the row's Outcome once mined.
/// </summary>
public sealed record RegisterCircle(int OwnerAccountIndex, string IdempotencyKey, BigInteger Price, ulong PeriodSeconds, string GroupRef)
    : ICommand<Result<SentTransfer>>;

public sealed class RegisterCircleHandler(WalletDb db, WalletKeys keys, ChainStatus chain, Broadcaster broadcaster, TimeProvider clock)
    : ICommandHandler<RegisterCircle, Result<SentTransfer>>
{
    public async ValueTask<Result<SentTransfer>> Handle(RegisterCircle cmd, CancellationToken ct)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(cmd.OwnerAccountIndex);
        if (cmd.Price.Sign <= 0 || cmd.Price >= BigInteger.One << 96) return WalletErrors.InvalidAmount;
        if (cmd.PeriodSeconds == 0) return WalletErrors.CirclePeriod;
        if (await keys.GetAsync(ct) is not { } wallet) return WalletErrors.KeysUnavailable;
        if (chain.Connection is not { } connection) return WalletErrors.ChainUnavailable;
        var owner = wallet.AddressOf(cmd.OwnerAccountIndex);
        var details = ChainActions.Serialize(new CircleRegisterDetails(owner, cmd.Price.ToString(), cmd.PeriodSeconds, cmd.GroupRef));
        if (await Outbox.FindAsync(db, cmd.OwnerAccountIndex, cmd.IdempotencyKey, ct) is { } earlier)
            return earlier.Details == details ? new SentTransfer(earlier.ToView(), false) : WalletErrors.IdempotencyKeyReused;
        return await Outbox.EnqueueAsync(db, broadcaster, new OutgoingTransfer(Guid.CreateVersion7(), cmd.OwnerAccountIndex, cmd.IdempotencyKey,
            TransferKind.CircleRegister, owner, connection.Contracts.CircleAccess, BigInteger.Zero, clock.GetUtcNow().UtcDateTime, details), ct);
    }
}
