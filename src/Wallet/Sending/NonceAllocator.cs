using Microsoft.EntityFrameworkCore;
using Nethereum.RPC.Eth.DTOs;
using OpenChat.Chain.Wallet.Chain;

namespace OpenChat.Chain.Wallet.Sending;

/// <summary>
/// The relayer's account nonces, handed out so that transactions go out back to back without waiting for receipts (the
/// node's pending count lags a burst). They come from the database: each term of the broadcaster's lease starts from the
/// outbox and the node (<see cref="Forget"/>), and every save of what was signed under them is fenced by that lease, so two
/// instances sharing the relayer never store two transactions under one nonce.
/// </summary>
public sealed class NonceAllocator(DutyLeases leases)
{
    long? _next;

    public bool IsStarted => _next is not null;

    /// <summary>From the node's pending count, but never below a nonce already stored in the outbox (signed, maybe unsent).</summary>
    public void Start(long pendingCount, long? highestStored) => _next = Math.Max(pendingCount, (highestStored ?? -1) + 1);

    /// <summary>The next free nonce; read from the node and the outbox when this process has none in memory.</summary>
    public async Task<long> NextAsync(Relayer relayer, WalletDb db, CancellationToken ct)
    {
        if (!IsStarted)
        {
            var pending = await relayer.NonceAsync(BlockParameter.CreatePending(), ct);
            var stored = await db.OutgoingTransfers.AsNoTracking()
                .Where(t => t.Status == TransferStatus.Signed || t.Status == TransferStatus.Broadcast).MaxAsync(t => t.RelayNonce, ct);
            Start(pending, stored);
        }
        return Peek();
    }

    /// <summary>
    /// Stores what was signed under nonces below <paramref name="next"/>, then hands them out for good; if the save fails,
    /// memory is dropped and the next pass reads the nonces again. The save is one transaction that first checks the
    /// broadcaster's lease (<see cref="DutyLeases.FenceAsync"/>): the outbox rows it signs are claimed under SQLite's write
    /// lock or the lease row's lock on PostgreSQL, and a holder whose lease ran out stores nothing (LeaseLostException).
    /// </summary>
    public async Task SaveAsync(WalletDb db, long next, CancellationToken ct)
    {
        var saved = false;
        try
        {
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            if (!await leases.FenceAsync(db, nameof(Broadcaster), ct)) throw new LeaseLostException(nameof(Broadcaster));
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
            saved = true;
        }
        finally
        {
            if (!saved) Forget();
        }
        Advance(next);
    }

    public long Peek() => _next ?? throw new InvalidOperationException("The nonce allocator has not been started");

    /// <summary>Everything up to <paramref name="next"/> (exclusive) is now stored in the outbox.</summary>
    public void Advance(long next) => _next = next >= Peek() ? next
        : throw new InvalidOperationException($"Relayer nonce would go back from {_next} to {next}");

    /// <summary>After an outage or a failed save: read the count again rather than trust memory.</summary>
    public void Forget() => _next = null;
}
