using System.Globalization;
using System.Numerics;
using Mediator;
using Nethereum.Hex.HexConvertors.Extensions;
using OpenChat.Chain.Kernel;
using OpenChat.Chain.Wallet.Chain;
using OpenChat.Chain.Wallet.Keys;
using OpenChat.Chain.Wallet.Sending;
using OpenChat.Chain.Wallet.Actions;

namespace OpenChat.Chain.Wallet.Envelopes;

/// <summary>
/// Claims one share of envelope <c>EnvelopeId</c> for the account: the service's gatekeeper key signs an EIP-712 voucher
/// for exactly this claimer, envelope, chain and contract, and the claim is relayed (no ETH needed). The caller decides
/// who may claim (the chat checks membership first). One claim per account and envelope: the idempotency key is derived
/// from the envelope, so a double click finds the first claim.
/// </summary>
public sealed record ClaimEnvelope(int AccountIndex, string EnvelopeId) : ICommand<Result<SentTransfer>>;

public sealed class ClaimEnvelopeHandler(WalletDb db, WalletKeys keys, ChainStatus chain, Broadcaster broadcaster, TimeProvider clock)
    : ICommandHandler<ClaimEnvelope, Result<SentTransfer>>
{
    public static readonly TimeSpan VoucherLifetime = TimeSpan.FromDays(1);

    public async ValueTask<Result<SentTransfer>> Handle(ClaimEnvelope cmd, CancellationToken ct)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(cmd.AccountIndex); // 0 is the relayer
        var key = $"claim:{cmd.EnvelopeId}";
        var earlier = await Outbox.FindAsync(db, cmd.AccountIndex, key, ct);
        if (earlier is not null) return new SentTransfer(earlier.ToView(), false);

        if (await keys.GetAsync(ct) is not { } wallet) return WalletErrors.KeysUnavailable;
        if (chain.Connection is not { } connection) return WalletErrors.ChainUnavailable;
        var claimer = wallet.AddressOf(cmd.AccountIndex);
        var id = BigInteger.Parse(cmd.EnvelopeId, CultureInfo.InvariantCulture);
        EnvelopeState envelope;
        try
        {
            envelope = await EnvelopeState.ReadAsync(connection, id, claimer, ct);
        }
        catch (Exception e) when (ChainReads.IsOutage(e))
        {
            return WalletErrors.ChainUnavailable;
        }
        var now = clock.GetUtcNow();
        if (envelope.Creator is null) return WalletErrors.EnvelopeNotFound;
        if (envelope.Claimed) return WalletErrors.EnvelopeAlreadyClaimed;
        if (envelope.ExpiresAt < now) return WalletErrors.EnvelopeExpired;
        if (envelope.SharesLeft == 0) return WalletErrors.EnvelopeEmpty;

        var deadline = (ulong)Math.Min(envelope.ExpiresAt.ToUnixTimeSeconds(), (now + VoucherLifetime).ToUnixTimeSeconds());
        var voucher = new ClaimVoucher(connection.ChainId, connection.Contracts.RedEnvelope, id, claimer, deadline);
        var signature = wallet.SignDigest(WalletKeys.RelayerIndex, voucher.Digest()); // the gatekeeper named at creation
        var details = ChainActions.Serialize(new EnvelopeClaimDetails(cmd.EnvelopeId, deadline, signature.ToHex(true)));
        return await Outbox.EnqueueAsync(db, broadcaster,
            new OutgoingTransfer(Guid.CreateVersion7(), cmd.AccountIndex, key, TransferKind.EnvelopeClaim, claimer, connection.Contracts.RedEnvelope,
                BigInteger.Zero, now.UtcDateTime, details), ct);
    }
}
