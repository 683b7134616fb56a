using System.Numerics;
using Mediator;
using Microsoft.EntityFrameworkCore;
using OpenChat.Chain.Kernel;
using OpenChat.Chain.Wallet.Chain;
using OpenChat.Chain.Wallet.Keys;
using OpenChat.Chain.Wallet.Transfers;

namespace OpenChat.Chain.Wallet.Sending;

/// <summary>Pays <c>Amount</c> CHAT from the user's custodial account (gasless: the relayer pays the gas).</summary>
/// <param name="AccountIndex">The caller's BIP-44 account index (m/44'/60'/0'/0/i), never 0 (the relayer's).</param>
public sealed record SendTransfer(int AccountIndex, string? IdempotencyKey, string? To, string? Amount, string? Token = null)
    : ICommand<Result<SentTransfer>>;

/// <summary>The transfer and whether this request created it (false: a retry that found the first one).</summary>
public sealed record SentTransfer(TransferView Transfer, bool Created);

public sealed class SendTransferHandler(WalletDb db, WalletKeys keys, ChainStatus chain, Broadcaster broadcaster, TimeProvider clock)
    : ICommandHandler<SendTransfer, Result<SentTransfer>>
{
    public async ValueTask<Result<SentTransfer>> Handle(SendTransfer cmd, CancellationToken ct)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(cmd.AccountIndex); // 0 is the relayer
        if (Outbox.CheckKey(cmd.IdempotencyKey) is { } keyError) return keyError;
        if (cmd.Token is not null && !cmd.Token.Equals("CHAT", StringComparison.OrdinalIgnoreCase)) return WalletErrors.UnknownToken;
        var to = Addresses.Parse(cmd.To);
        if (to.Error is { } addressError) return addressError;
        var amount = Coins.Parse(cmd.Amount);
        if (amount.Error is { } amountError) return amountError;

        var earlier = await Outbox.FindAsync(db, cmd.AccountIndex, cmd.IdempotencyKey!, ct);
        if (earlier is not null)
            return earlier.Kind == TransferKind.Transfer && earlier.To == to.Value && earlier.AmountUnits == amount.Value
                ? new SentTransfer(earlier.ToView(), false)
                : WalletErrors.IdempotencyKeyReused;

        if (await keys.GetAsync(ct) is not { } wallet) return WalletErrors.KeysUnavailable;
        var from = wallet.AddressOf(cmd.AccountIndex);

        if (await Outbox.CheckAvailableAsync(db, chain, cmd.AccountIndex, from, amount.Value, ct) is { } shortfall) return shortfall;

        return await Outbox.EnqueueAsync(db, broadcaster,
            new OutgoingTransfer(Guid.CreateVersion7(), cmd.AccountIndex, cmd.IdempotencyKey!, TransferKind.Transfer, from, to.Value!, amount.Value,
                clock.GetUtcNow().UtcDateTime), ct);
    }
}

/// <summary>The outbox rules both sending use cases share.</summary>
static class Outbox
{
    public static Error? CheckKey(string? key) =>
        string.IsNullOrWhiteSpace(key) || key.Length > 100 ? WalletErrors.IdempotencyKeyMissing
        // Security: the Fair envelope keeper's steps are rows of the creator's account under these keys; a creator who
        // took one first would stop the reveal of their own envelope (Envelopes/FairEnvelopeKeeper.cs).
        : key.StartsWith(FairKeyPrefix, StringComparison.Ordinal) ? WalletErrors.IdempotencyKeyMissing.With($"Keys starting with \"{FairKeyPrefix}\" are the service's own")
        : null;

    /// <summary>The prefix of <see cref="Envelopes.FairEnvelopeKeeper"/>'s keys, which no request may use.</summary>
    public const string FairKeyPrefix = "fair-";

    /// <summary>The row under the key: as <see cref="OutboxKeys.FindAsync"/> found it earlier in this unit of work, else from the database.</summary>
    public static Task<OutgoingTransfer?> FindAsync(WalletDb db, int account, string key, CancellationToken ct) =>
        db.KeyLookups.TryGetValue((account, key), out var known) ? Task.FromResult(known) : QueryAsync(db, account, key, ct);

    public static Task<OutgoingTransfer?> QueryAsync(WalletDb db, int account, string key, CancellationToken ct) =>
        db.OutgoingTransfers.AsNoTracking().FirstOrDefaultAsync(t => t.AccountIndex == account && t.IdempotencyKey == key, ct);

    /// <summary>
    /// Refuses what the balance cannot cover now; when the chain does not answer, lets it be queued anyway: the
    /// broadcaster checks again before it signs.
    /// </summary>
    public static async Task<Error?> CheckAvailableAsync(WalletDb db, ChainStatus chain, int account, string from, BigInteger amount, CancellationToken ct)
    {
        if (chain.Connection is not { } connection) return null;
        try
        {
            var available = await connection.AvailableAsync(db, account, from, ct);
            return available < amount ? WalletErrors.InsufficientBalance.With($"Available {Coins.Format(BigInteger.Max(available, 0))} CHAT") : null;
        }
        catch (Exception e) when (ChainReads.IsOutage(e))
        {
            return null;
        }
    }

    /// <summary>What the account has promised but the chain may not show yet.</summary>
    public static async Task<BigInteger> InFlightAsync(WalletDb db, int account, CancellationToken ct)
    {
        var amounts = await db.OutgoingTransfers.AsNoTracking()
            .Where(t => t.AccountIndex == account
                && (t.Status == TransferStatus.Requested || t.Status == TransferStatus.Signed || t.Status == TransferStatus.Broadcast))
            .Select(t => t.Amount).ToListAsync(ct);
        return amounts.Aggregate(BigInteger.Zero, (sum, a) => sum + BigInteger.Parse(a, System.Globalization.CultureInfo.InvariantCulture));
    }

    public static async Task<Result<SentTransfer>> EnqueueAsync(WalletDb db, Broadcaster broadcaster, OutgoingTransfer transfer, CancellationToken ct)
    {
        db.OutgoingTransfers.Add(transfer);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // Two requests with one key raced: the unique index (AccountIndex, IdempotencyKey) let the other one in.
            db.Entry(transfer).State = EntityState.Detached;
            var first = await QueryAsync(db, transfer.AccountIndex, transfer.IdempotencyKey, ct)
                ?? throw new InvalidOperationException($"Transfer {transfer.Id} could not be stored");
            return new SentTransfer(first.ToView(), false);
        }
        broadcaster.Wake();
        return new SentTransfer(transfer.ToView(), true);
    }
}
