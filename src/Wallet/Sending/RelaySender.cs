using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace OpenChat.Chain.Wallet.Sending;

/// <summary>
/// The broadcaster's second step: sends what is stored, in relayer nonce order, one send per batch. Sending the same bytes
/// twice is harmless (one hash, one nonce), so the pass records its broadcasts in one write at the end: after a crash in
/// between, those rows are still Signed and go out again.
/// </summary>
public sealed partial class RelaySender(TimeProvider clock, ILogger<Broadcaster> logger)
{
    /// <summary>True when a refused batch was signed again at today's fees (it goes out on the next pass).</summary>
    public async Task<bool> SendAsync(WalletDb db, Relayer relayer, CancellationToken ct)
    {
        var signed = await db.OutgoingTransfers.Where(t => t.Status == TransferStatus.Signed).OrderBy(t => t.RelayNonce).ToListAsync(ct);
        var raws = await Relayer.RawsAsync(db, signed, ct);
        var repriced = false;
        // GroupBy keeps the order of first appearance: relayer nonce order.
        foreach (var batch in signed.GroupBy(t => t.TxHash!))
        {
            var lead = batch.First();
            var refusal = await relayer.SendAsync(raws[batch.Key], lead.Id, ct);
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
