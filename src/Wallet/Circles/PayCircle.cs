using System.Globalization;
using System.Numerics;
using Mediator;
using OpenChat.Chain.Kernel;
using OpenChat.Chain.Wallet.Chain;
using OpenChat.Chain.Wallet.Keys;
using OpenChat.Chain.Wallet.Sending;
using OpenChat.Chain.Wallet.Actions;

namespace OpenChat.Chain.Wallet.Circles;

/// <summary>
/// Pays for <c>Periods</c> periods of a circle at the price the member confirmed (payWithPermit, relayed): the chain
/// refuses the payment if the price changed since, so nothing is charged on terms the member did not see. Joining and
/// renewing are the same call; the new expiry is the row's Outcome once mined.
/// </summary>
public sealed record PayCircle(int AccountIndex, string IdempotencyKey, string CircleId, ulong Periods, BigInteger ExpectedPrice)
    : ICommand<Result<SentTransfer>>;

public sealed class PayCircleHandler(WalletDb db, WalletKeys keys, ChainStatus chain, Broadcaster broadcaster, TimeProvider clock)
    : ICommandHandler<PayCircle, Result<SentTransfer>>
{
    public async ValueTask<Result<SentTransfer>> Handle(PayCircle cmd, CancellationToken ct)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(cmd.AccountIndex);
        if (Outbox.CheckKey(cmd.IdempotencyKey) is { } keyError) return keyError;
        if (cmd.Periods is 0 or > 10_000) return WalletErrors.CirclePeriod.With("Pay for 1 to 10000 periods");
        var total = cmd.ExpectedPrice * cmd.Periods;
        var details = ChainActions.Serialize(new CirclePayDetails(cmd.CircleId, cmd.Periods, cmd.ExpectedPrice.ToString(CultureInfo.InvariantCulture)));
        if (await Outbox.FindAsync(db, cmd.AccountIndex, cmd.IdempotencyKey, ct) is { } earlier)
            return earlier.Kind == TransferKind.CirclePay && earlier.Details == details ? new SentTransfer(earlier.ToView(), false) : WalletErrors.IdempotencyKeyReused;
        if (await keys.GetAsync(ct) is not { } wallet) return WalletErrors.KeysUnavailable;
        if (chain.Connection is not { } connection) return WalletErrors.ChainUnavailable;
        var member = wallet.AddressOf(cmd.AccountIndex);
        try
        {
            var circle = await CircleState.ReadAsync(connection, BigInteger.Parse(cmd.CircleId, CultureInfo.InvariantCulture), ct);
            if (!circle.Exists) return WalletErrors.CircleNotFound;
            if (circle.Closed) return WalletErrors.CircleClosed;
            if (circle.Price != cmd.ExpectedPrice)
                return WalletErrors.CircleTermsChanged.With($"The price is now {Transfers.Coins.Format(circle.Price)} CHAT per period; confirm again");
        }
        catch (Exception e) when (ChainReads.IsOutage(e))
        {
            return WalletErrors.ChainUnavailable;
        }
        if (await Outbox.CheckAvailableAsync(db, chain, cmd.AccountIndex, member, total, ct) is { } shortfall) return shortfall;
        return await Outbox.EnqueueAsync(db, broadcaster, new OutgoingTransfer(Guid.CreateVersion7(), cmd.AccountIndex, cmd.IdempotencyKey,
            TransferKind.CirclePay, member, connection.Contracts.CircleAccess, total, clock.GetUtcNow().UtcDateTime, details), ct);
    }
}
