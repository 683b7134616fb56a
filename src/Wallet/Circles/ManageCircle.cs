using System.Globalization;
using System.Numerics;
using Mediator;
using OpenChat.Chain.Kernel;
using OpenChat.Chain.Wallet.Chain;
using OpenChat.Chain.Wallet.Keys;
using OpenChat.Chain.Wallet.Sending;
using OpenChat.Chain.Wallet.Actions;

namespace OpenChat.Chain.Wallet.Circles;

public enum CircleChange { Price, Close, Settle }

/// <summary>
/// The owner changes a circle's price (for periods bought afterwards) or closes it; anyone settles members (after a
/// close, that refunds their unused whole periods). Relayed from the caller's account.
/// </summary>
public sealed record ManageCircle(int AccountIndex, string IdempotencyKey, CircleChange Change, string CircleId, BigInteger? Price = null,
    IReadOnlyList<string>? Members = null) : ICommand<Result<SentTransfer>>;

public sealed class ManageCircleHandler(WalletDb db, WalletKeys keys, ChainStatus chain, Broadcaster broadcaster, TimeProvider clock)
    : ICommandHandler<ManageCircle, Result<SentTransfer>>
{
    public async ValueTask<Result<SentTransfer>> Handle(ManageCircle cmd, CancellationToken ct)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(cmd.AccountIndex);
        if (cmd.Change == CircleChange.Price && (cmd.Price is not { Sign: > 0 } price || price >= BigInteger.One << 96)) return WalletErrors.InvalidAmount;
        if (cmd.Change == CircleChange.Settle && cmd.Members?.Count > CircleSettleAction.MaxMembers) return WalletErrors.CircleTooManyMembers;
        var (kind, details) = cmd.Change switch
        {
            CircleChange.Price => (TransferKind.CirclePrice, ChainActions.Serialize(new CirclePriceDetails(cmd.CircleId, cmd.Price!.Value.ToString(CultureInfo.InvariantCulture)))),
            CircleChange.Close => (TransferKind.CircleClose, ChainActions.Serialize(new CircleCloseDetails(cmd.CircleId))),
            _ => (TransferKind.CircleSettle, ChainActions.Serialize(new CircleSettleDetails(cmd.CircleId, [.. cmd.Members ?? []]))),
        };
        if (await Outbox.FindAsync(db, cmd.AccountIndex, cmd.IdempotencyKey, ct) is { } earlier)
            return earlier.Kind == kind && earlier.Details == details ? new SentTransfer(earlier.ToView(), false) : WalletErrors.IdempotencyKeyReused;
        if (await keys.GetAsync(ct) is not { } wallet) return WalletErrors.KeysUnavailable;
        if (chain.Connection is not { } connection) return WalletErrors.ChainUnavailable;
        var caller = wallet.AddressOf(cmd.AccountIndex);
        try
        {
            var circle = await CircleState.ReadAsync(connection, BigInteger.Parse(cmd.CircleId, CultureInfo.InvariantCulture), ct);
            if (!circle.Exists) return WalletErrors.CircleNotFound;
            if (cmd.Change != CircleChange.Settle && !Nethereum.Util.AddressUtil.Current.AreAddressesTheSame(circle.Owner, caller))
                return WalletErrors.CircleNotOwner;
            if (cmd.Change != CircleChange.Settle && circle.Closed) return WalletErrors.CircleClosed;
        }
        catch (Exception e) when (ChainReads.IsOutage(e))
        {
            return WalletErrors.ChainUnavailable;
        }
        return await Outbox.EnqueueAsync(db, broadcaster, new OutgoingTransfer(Guid.CreateVersion7(), cmd.AccountIndex, cmd.IdempotencyKey, kind,
            caller, connection.Contracts.CircleAccess, BigInteger.Zero, clock.GetUtcNow().UtcDateTime, details), ct);
    }
}
