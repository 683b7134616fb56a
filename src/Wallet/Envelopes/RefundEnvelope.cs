using System.Globalization;
using System.Numerics;
using Mediator;
using OpenChat.Chain.Kernel;
using OpenChat.Chain.Wallet.Chain;
using OpenChat.Chain.Wallet.Keys;
using OpenChat.Chain.Wallet.Sending;
using OpenChat.Chain.Wallet.Actions;

namespace OpenChat.Chain.Wallet.Envelopes;

/// <summary>
/// Sends the unclaimed rest of an expired envelope back to its creator (RedEnvelope.refund, relayed from the creator's
/// account). Once per envelope: the idempotency key is derived from it.
/// </summary>
public sealed record RefundEnvelope(int CreatorAccountIndex, string EnvelopeId) : ICommand<Result<SentTransfer>>;

public sealed class RefundEnvelopeHandler(WalletDb db, WalletKeys keys, ChainStatus chain, Broadcaster broadcaster, TimeProvider clock)
    : ICommandHandler<RefundEnvelope, Result<SentTransfer>>
{
    public async ValueTask<Result<SentTransfer>> Handle(RefundEnvelope cmd, CancellationToken ct)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(cmd.CreatorAccountIndex);
        var key = $"refund:{cmd.EnvelopeId}";
        var earlier = await Outbox.FindAsync(db, cmd.CreatorAccountIndex, key, ct);
        if (earlier is not null) return new SentTransfer(earlier.ToView(), false);
        if (await keys.GetAsync(ct) is not { } wallet) return WalletErrors.KeysUnavailable;
        if (chain.Connection is not { } connection) return WalletErrors.ChainUnavailable;

        var details = ChainActions.Serialize(new EnvelopeRefundDetails(BigInteger.Parse(cmd.EnvelopeId, CultureInfo.InvariantCulture).ToString()));
        return await Outbox.EnqueueAsync(db, broadcaster,
            new OutgoingTransfer(Guid.CreateVersion7(), cmd.CreatorAccountIndex, key, TransferKind.EnvelopeRefund,
                wallet.AddressOf(cmd.CreatorAccountIndex), connection.Contracts.RedEnvelope, BigInteger.Zero, clock.GetUtcNow().UtcDateTime, details), ct);
    }
}
