using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace OpenChat.Chain.Wallet.Sending;

/// <summary>
/// The broadcaster's second step: sends what is stored, one send per batch, all of a pass's batches at once. Sending the same bytes
/// twice is harmless (one hash, one nonce), so the pass records its broadcasts in one write at the end: after a crash in
/// between, those rows are still Signed and go out again.
/// </summary>
public sealed partial class RelaySender(TimeProvider clock, ILogger<Broadcaster> logger)
{
    // A pass's batches (about 15 for 256 rows); more after an outage go a bounded number at a time.
    const int ParallelSends = 16;

    /// <summary>True when a refused batch was signed again at today's fees (it goes out on the next pass).</summary>
    public async Task<bool> SendAsync(WalletDb db, Relayer relayer, CancellationToken ct)
    {
        var signed = await db.OutgoingTransfers.Where(t => t.Status == TransferStatus.Signed).OrderBy(t => t.RelayNonce).ToListAsync(ct);
        var raws = await Relayer.RawsAsync(db, signed, ct);
        var repriced = false;
        // GroupBy keeps the order of first appearance: relayer nonce order.
        var batches = signed.GroupBy(t => t.TxHash!).ToList();
        // All of a pass's batches go to the node at once, not one round trip after another (a pass of 256 rows is about 15
        // batches; sent in turn they took 0.05-3 s under Sending.Bench on a busy machine, issue 20). A node holds a
        // transaction whose nonce runs ahead of the pool until the ones below arrive, so the order of arrival does not
        // matter; the answers are still read in nonce order below, and after a refusal nothing later is marked broadcast:
        // those rows stay Signed and go again on the next pass, where the node knows them already ("already known").
        var refusals = new string?[batches.Count];
        await Parallel.ForEachAsync(Enumerable.Range(0, batches.Count), new ParallelOptions { MaxDegreeOfParallelism = ParallelSends, CancellationToken = ct },
            async (i, token) => refusals[i] = await relayer.SendAsync(raws[batches[i].Key], batches[i].First().Id, token));
        foreach (var (batch, refusal) in batches.Zip(refusals))
        {
            var lead = batch.First();
            if (refusal is not null)
            {
                // Fees below what the node takes now (the base fee rose since signing): sign again at today's price.
                if (Relayer.IsUnderpriced(refusal))
                {
                    var at = clock.GetUtcNow().UtcDateTime;
                    var relay = await relayer.BumpAsync(lead, raws[batch.Key], ct);
                    db.RelayTransactions.Add(new RelayTransaction(relay.TxHash, lead.RelayNonce!.Value, relay.RawTransaction, at));
                    foreach (var transfer in batch) transfer.MarkRepriced(relay, at);
                    LogRepriced(logger, lead.Id, relayer.ChainId, lead.RelayNonce!.Value, relay.TxHash, relay.MaxFeePerGas / Fees.Gwei);
                    repriced = true;
                }
                break; // keep nonce order: later ones wait for the next pass
            }
            foreach (var transfer in batch)
            {
                transfer.MarkBroadcast(clock.GetUtcNow().UtcDateTime);
                LogBroadcast(logger, transfer.Id, relayer.ChainId, transfer.RelayNonce!.Value, transfer.TxHash!);
            }
        }
        await db.SaveChangesAsync(ct);
        return repriced;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Transfer {TransferId} broadcast on chain {ChainId}: relayer nonce {Nonce}, tx {TxHash}")]
    static partial void LogBroadcast(ILogger logger, Guid transferId, long chainId, long nonce, string txHash);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Transfer {TransferId} underpriced on chain {ChainId}: nonce {Nonce} signed again as tx {TxHash} at max fee {MaxFeeGwei} gwei")]
    static partial void LogRepriced(ILogger logger, Guid transferId, long chainId, long nonce, string txHash, System.Numerics.BigInteger maxFeeGwei);
}
