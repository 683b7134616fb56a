using Mediator;
using OpenChat.Chain.Kernel;
using OpenChat.Chain.Wallet.Chain;
using OpenChat.Chain.Wallet.Keys;
using OpenChat.Chain.Wallet.Sending;
using OpenChat.Chain.Wallet.Transfers;
using OpenChat.Chain.Wallet.Actions;

namespace OpenChat.Chain.Wallet.Tips;

/// <summary>
/// Tips <c>Amount</c> CHAT to a message's author with ChatCoin's <c>tip</c> (gasless, relayed): a transfer by the tipper
/// that also emits <c>MessageTipped</c>, so the coins go straight to the author, the chain records the message
/// reference with them, and no spender or allowance is involved.
/// </summary>
/// <param name="MessageRef">32 bytes (0x + 64 hex digits) that name the message; the chain only keeps them.</param>
public sealed record SendTip(int AccountIndex, string? IdempotencyKey, string? Author, string? Amount, string MessageRef)
    : ICommand<Result<SentTransfer>>;

public sealed class SendTipHandler(WalletDb db, WalletKeys keys, ChainStatus chain, Broadcaster broadcaster, TimeProvider clock)
    : ICommandHandler<SendTip, Result<SentTransfer>>
{
    public async ValueTask<Result<SentTransfer>> Handle(SendTip cmd, CancellationToken ct)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(cmd.AccountIndex); // 0 is the relayer
        if (Outbox.CheckKey(cmd.IdempotencyKey) is { } keyError) return keyError;
        var author = Addresses.Parse(cmd.Author);
        if (author.Error is { } addressError) return addressError;
        var amount = Coins.Parse(cmd.Amount);
        if (amount.Error is { } amountError) return amountError;
        var details = ChainActions.Serialize(new TipDetails(cmd.MessageRef));

        var earlier = await Outbox.FindAsync(db, cmd.AccountIndex, cmd.IdempotencyKey!, ct);
        if (earlier is not null)
            return earlier.Kind == TransferKind.Tip && earlier.To == author.Value && earlier.AmountUnits == amount.Value && earlier.Details == details
                ? new SentTransfer(earlier.ToView(), false)
                : WalletErrors.IdempotencyKeyReused;

        if (await keys.GetAsync(ct) is not { } wallet) return WalletErrors.KeysUnavailable;
        var from = wallet.AddressOf(cmd.AccountIndex);
        if (from == author.Value) return WalletErrors.TipToSelf;
        if (await Outbox.CheckAvailableAsync(db, chain, cmd.AccountIndex, from, amount.Value, ct) is { } shortfall) return shortfall;

        return await Outbox.EnqueueAsync(db, broadcaster,
            new OutgoingTransfer(Guid.CreateVersion7(), cmd.AccountIndex, cmd.IdempotencyKey!, TransferKind.Tip, from, author.Value!, amount.Value,
                clock.GetUtcNow().UtcDateTime, details), ct);
    }
}
