using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Nethereum.RPC.Eth.DTOs;
using OpenChat.Chain.Wallet.Actions;

namespace OpenChat.Chain.Wallet.Sending;

/// <summary>
/// The broadcaster's third step: receipts, each row by its own request's event in the receipt, and the stuck policy for
/// transactions that have none for <see cref="WalletOptions.StuckAfterSeconds"/>: a nonce taken by someone else's
/// transaction is given up for a fresh one, a nonce gap below is filled, a transaction the node dropped is sent again,
/// and one the node holds is replaced with higher fees under the same nonce.
/// </summary>
public sealed partial class ReceiptFollower(ChainActions actions, NonceAllocator nonces, IOptions<WalletOptions> options, TimeProvider clock,
    ILogger<Broadcaster> logger)
{
    // Receipt reads of one pass go out together, a bounded number at a time.
    const int ParallelReads = 16;
    string? _followedHead;

    public sealed record Followed(bool Recorded, bool Resigned);

    /// <summary>
    /// The broadcast batches this pass looks at and their receipts, being read from the node (<see cref="StartAsync"/>); the
    /// broadcaster signs and sends meanwhile, then <see cref="FollowAsync"/> records them.
    /// </summary>
    public sealed record Reading(string? Head, DateTime Now, List<IGrouping<string, OutgoingTransfer>> Batches, Task<TransactionReceipt?[]> Receipts);

    /// <summary>
    /// Receipts only appear with a new head block (its hash, so a reorg at the same height counts), so a pass that finds
    /// the head it saw last asks for none, except of transactions old enough to be stuck. Loads the rows, then reads the
    /// receipts without the database, so that the pass can sign and send while they come (issue 20: read before signing,
    /// they held the requests back 0.1-0.4 s a pass; read after sending, they held the Confirmed back as long).
    /// </summary>
    public async Task<Reading> StartAsync(WalletDb db, Relayer relayer, string? head, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var stuckAfter = TimeSpan.FromSeconds(options.Value.StuckAfterSeconds);
        var newHead = head is null || head != _followedHead;
        // Without a new head only rows old enough to be stuck are of interest: the others are not loaded at all (passes come
        // back to back while requests are signed, and hundreds of rows can be waiting for their block).
        var stuckBefore = now - stuckAfter;
        var broadcast = await db.OutgoingTransfers.Where(t => t.Status == TransferStatus.Broadcast && (newHead || t.BroadcastAt <= stuckBefore))
            .OrderBy(t => t.RelayNonce).ToListAsync(ct);
        // The rows of one batch share its transaction (and every version of it): one receipt for all of them.
        var batches = broadcast.Where(t => newHead || now - t.BroadcastAt >= stuckAfter).GroupBy(t => t.TxHash!).ToList();
        // The batches' first rows are read now: signing and sending meanwhile touch only other rows (Requested, Signed).
        var leads = batches.Select(b => b.First()).ToList();
        return new Reading(head, now, batches, ReadReceiptsAsync(relayer, leads, ct));
    }

    static async Task<TransactionReceipt?[]> ReadReceiptsAsync(Relayer relayer, IReadOnlyList<OutgoingTransfer> leads, CancellationToken ct)
    {
        var receipts = new TransactionReceipt?[leads.Count];
        await Parallel.ForEachAsync(Enumerable.Range(0, leads.Count), new ParallelOptions { MaxDegreeOfParallelism = ParallelReads, CancellationToken = ct },
            async (i, token) => receipts[i] = await relayer.ReceiptOfAsync(leads[i], token));
        return receipts;
    }

    /// <summary>
    /// Records what <see cref="StartAsync"/> read and applies the stuck policy. Mined rows are recorded in one write at the
    /// end: after a crash in between, the next pass reads the same receipts again.
    /// </summary>
    public async Task<Followed> FollowAsync(WalletDb db, Relayer relayer, Reading reading, CancellationToken ct)
    {
        var (head, now, batches) = (reading.Head, reading.Now, reading.Batches);
        var stuckAfter = TimeSpan.FromSeconds(options.Value.StuckAfterSeconds);
        var receipts = await reading.Receipts;
        long? mined = null;
        var recorded = false;
        var resigned = false;
        foreach (var (batch, receipt) in batches.Zip(receipts))
        {
            var lead = batch.First();
            if (receipt is not null)
            {
                recorded = true;
                Record(batch, receipt, relayer, now);
                continue;
            }
            if (now - lead.BroadcastAt < stuckAfter) continue;

            mined ??= await relayer.NonceAsync(BlockParameter.CreateLatest(), ct);
            if (lead.RelayNonce < mined)
            {
                // The nonce went to a transaction that is none of ours (the relayer key used elsewhere), so this
                // batch's requests never ran: wrap the same signed requests in a transaction under a fresh nonce. Safe
                // even if that were wrong: the forwarder runs a request at most once, and skips a copy.
                await RenonceAsync(db, relayer, batch.ToList(), now, ct);
                resigned = true;
                continue;
            }
            var filled = await FillGapsBelowAsync(db, relayer, lead.RelayNonce!.Value, mined.Value, ct);
            var known = await relayer.Chain.Web3.Eth.Transactions.GetTransactionByHash.SendRequestAsync(lead.TxHash).WaitAsync(ct);
            var raw = await Relayer.RawOfAsync(db, lead.TxHash!, ct);
            if (known is null || filled)
            {
                // Dropped from the pool (a restarted node, eviction), or waiting behind a gap just filled: send the same
                // bytes again and give it another full wait before any fee bump.
                await relayer.SendAsync(raw, lead.Id, ct);
                foreach (var transfer in batch)
                {
                    transfer.MarkResent(now);
                    LogResent(logger, transfer.Id, relayer.ChainId, transfer.RelayNonce!.Value, transfer.TxHash!);
                }
            }
            else
            {
                var relay = await relayer.BumpAsync(lead, raw, ct);
                db.RelayTransactions.Add(new RelayTransaction(relay.TxHash, lead.RelayNonce.Value, relay.RawTransaction, now));
                foreach (var transfer in batch) transfer.MarkReplaced(relay, now); // stored before it is sent; the sender sends it
                LogBumped(logger, lead.Id, relayer.ChainId, lead.RelayNonce.Value, relay.TxHash, relay.MaxFeePerGas / Fees.Gwei);
                resigned = true;
            }
            await db.SaveChangesAsync(ct);
        }
        await db.SaveChangesAsync(ct);
        _followedHead = head;
        return new Followed(recorded, resigned);
    }

    // Each row by its own request's event: one request of a batch can revert or be skipped while the others run.
    void Record(IEnumerable<OutgoingTransfer> batch, TransactionReceipt receipt, Relayer relayer, DateTime now)
    {
        var block = (long)receipt.BlockNumber.Value;
        foreach (var transfer in batch)
        {
            var (result, logs) = RelayReceipt.Read(transfer, receipt, relayer.Chain.Contracts.Forwarder);
            switch (result)
            {
                case RequestResult.Executed:
                    transfer.MarkConfirmed(receipt.TransactionHash, block, receipt.BlockHash, now, actions[transfer.Kind].OutcomeOf(logs));
                    LogConfirmed(logger, transfer.Id, relayer.ChainId, receipt.TransactionHash, block);
                    break;
                case RequestResult.Reverted:
                    transfer.MarkReverted(receipt.TransactionHash, block, receipt.BlockHash, now);
                    LogReverted(logger, transfer.Id, relayer.ChainId, receipt.TransactionHash, block);
                    break;
                default:
                    transfer.MarkNotRun(receipt.TransactionHash, block, receipt.BlockHash, now);
                    LogNotRun(logger, transfer.Id, relayer.ChainId, receipt.TransactionHash, block);
                    break;
            }
        }
    }

    async Task RenonceAsync(WalletDb db, Relayer relayer, IReadOnlyList<OutgoingTransfer> batch, DateTime now, CancellationToken ct)
    {
        var nonce = await nonces.NextAsync(relayer, db, ct);
        var relay = relayer.Resign(await Relayer.RawOfAsync(db, batch[0].TxHash!, ct), nonce, await Fees.SuggestAsync(relayer.Chain.Web3, ct));
        db.RelayTransactions.Add(new RelayTransaction(relay.TxHash, nonce, relay.RawTransaction, now));
        foreach (var transfer in batch) transfer.MarkRenonced(nonce, relay, now); // stored before it is sent; the sender sends it
        await nonces.SaveAsync(db, nonce + 1, ct);
        foreach (var transfer in batch) LogRenonced(logger, transfer.Id, relayer.ChainId, nonce, relay.TxHash);
    }

    // A nonce below a waiting transfer that no stored transaction holds blocks the relayer forever: fill it with a
    // zero-value transaction to itself.
    async Task<bool> FillGapsBelowAsync(WalletDb db, Relayer relayer, long nonce, long mined, CancellationToken ct)
    {
        if (nonce <= mined) return false;
        var held = (await db.OutgoingTransfers.AsNoTracking()
                .Where(t => t.RelayNonce >= mined && t.RelayNonce < nonce
                    && (t.Status == TransferStatus.Signed || t.Status == TransferStatus.Broadcast))
                .Select(t => t.RelayNonce!.Value).ToListAsync(ct)).ToHashSet();
        var gaps = Enumerable.Range(0, (int)(nonce - mined)).Select(i => mined + i).Where(n => !held.Contains(n)).ToList();
        if (gaps.Count == 0) return false;
        var fees = await Fees.SuggestAsync(relayer.Chain.Web3, ct);
        foreach (var gap in gaps)
        {
            var filler = relayer.Sign(gap, relayer.Address, "0x", SimpleTransferGas, fees);
            await relayer.SendAsync(filler.RawTransaction, Guid.Empty, ct);
            LogGapFilled(logger, relayer.ChainId, gap, filler.TxHash);
        }
        return true;
    }

    // Yellow paper: the intrinsic gas of a transaction without calldata, all a zero-value transfer to oneself uses.
    const int SimpleTransferGas = 21_000;

    [LoggerMessage(Level = LogLevel.Information, Message = "Transfer {TransferId} confirmed on chain {ChainId}: tx {TxHash} in block {Block}")]
    static partial void LogConfirmed(ILogger logger, Guid transferId, long chainId, string txHash, long block);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Transfer {TransferId} reverted on chain {ChainId}: tx {TxHash} in block {Block}")]
    static partial void LogReverted(ILogger logger, Guid transferId, long chainId, string txHash, long block);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Transfer {TransferId} not run on chain {ChainId}: the forwarder skipped its request in tx {TxHash} in block {Block}")]
    static partial void LogNotRun(ILogger logger, Guid transferId, long chainId, string txHash, long block);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Transfer {TransferId} stuck on chain {ChainId}: nonce {Nonce} replaced by tx {TxHash} at max fee {MaxFeeGwei} gwei")]
    static partial void LogBumped(ILogger logger, Guid transferId, long chainId, long nonce, string txHash, System.Numerics.BigInteger maxFeeGwei);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Transfer {TransferId} dropped by the node on chain {ChainId}: nonce {Nonce} sent again as tx {TxHash}")]
    static partial void LogResent(ILogger logger, Guid transferId, long chainId, long nonce, string txHash);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Transfer {TransferId}: its relayer nonce was taken by another transaction on chain {ChainId}; sent again under nonce {Nonce} as tx {TxHash}")]
    static partial void LogRenonced(ILogger logger, Guid transferId, long chainId, long nonce, string txHash);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Relayer nonce gap on chain {ChainId}: nonce {Nonce} filled by tx {TxHash}")]
    static partial void LogGapFilled(ILogger logger, long chainId, long nonce, string txHash);
}
