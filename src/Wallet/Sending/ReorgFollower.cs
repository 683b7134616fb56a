using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Nethereum.RPC.Eth.DTOs;
using OpenChat.Chain.Wallet.Actions;

namespace OpenChat.Chain.Wallet.Sending;

/// <summary>
/// The broadcaster's step before all others: a reorg may have replaced the block that mined a row; find its transaction
/// again in the new chain (and read its outcome again), or put the row back to be sent again.
/// </summary>
public sealed partial class ReorgFollower(ChainActions actions, IOptions<WalletOptions> options, ILogger<Broadcaster> logger)
{
    /// <summary>Returns the head block as this pass found it (the signer prices its batches from it).</summary>
    /// <remarks>
    /// One request for the head, its number and its hash (eth_getBlockByNumber "latest"), not eth_blockNumber then the block:
    /// every round trip of a pass delays the rows waiting to be signed, most of all when the machine is busy (issue 20).
    /// </remarks>
    public async Task<BlockWithTransactionHashes> FollowAsync(WalletDb db, Relayer relayer, CancellationToken ct)
    {
        var chain = relayer.Chain;
        var head = await chain.Web3.Eth.Blocks.GetBlockWithTransactionsHashesByNumber.SendRequestAsync(BlockParameter.CreateLatest())
            .WaitAsync(ChainReads.RequestTimeout, ct);
        var number = (long)head.Number.Value;
        var since = number - options.Value.ReorgWindowBlocks;
        // Block hashes commit to their parents: when the highest block holding one of ours is unchanged, so is every block below.
        // Only that block is read on every pass: loading (and tracking) every row of the window cost a pass thousands of
        // entities once a few thousand transfers a minute were mined (bench/Sending.Bench, issue 20).
        var highest = await db.OutgoingTransfers.AsNoTracking().Where(t => t.BlockNumber > since && t.BlockHash != null)
            .OrderByDescending(t => t.BlockNumber).Select(t => new { Number = t.BlockNumber!.Value, Hash = t.BlockHash }).FirstOrDefaultAsync(ct);
        if (highest is null || (highest.Number == number ? head.BlockHash.ToLowerInvariant() : await chain.BlockHashAtAsync(highest.Number, ct)) == highest.Hash)
            return head;
        var recent = await db.OutgoingTransfers.Where(t => t.BlockNumber > since && t.BlockHash != null).ToListAsync(ct);
        var blocks = recent.GroupBy(t => t.BlockNumber!.Value).OrderByDescending(b => b.Key).ToList();
        foreach (var block in blocks)
        {
            var hash = await chain.BlockHashAtAsync(block.Key, ct);
            // The rows of one batch share its transaction: one receipt for all of them.
            foreach (var batch in block.Where(t => t.BlockHash != hash).GroupBy(t => t.TxHash))
            {
                var receipt = await relayer.ReceiptOfAsync(batch.First(), ct);
                foreach (var transfer in batch)
                {
                    if (receipt is null)
                    {
                        transfer.MarkUnmined();
                        LogUnmined(logger, transfer.Id, relayer.ChainId, block.Key, transfer.TxHash!);
                        continue;
                    }
                    var (result, logs) = RelayReceipt.Read(transfer, receipt, chain.Contracts.Forwarder);
                    var outcome = result == RequestResult.Executed ? actions[transfer.Kind].OutcomeOf(logs) : null;
                    transfer.MarkRemined(receipt.TransactionHash, (long)receipt.BlockNumber.Value, receipt.BlockHash, result == RequestResult.Executed,
                        outcome, result == RequestResult.NotRun ? OutgoingTransfer.NotRun : OutgoingTransfer.Reverted);
                    LogRemined(logger, transfer.Id, relayer.ChainId, block.Key, transfer.BlockNumber!.Value, transfer.Status);
                }
            }
        }
        await db.SaveChangesAsync(ct);
        return head;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Transfer {TransferId}: a reorg on chain {ChainId} dropped block {Block} and the new chain lacks tx {TxHash}; sending it again")]
    static partial void LogUnmined(ILogger logger, Guid transferId, long chainId, long block, string txHash);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Transfer {TransferId}: a reorg on chain {ChainId} replaced block {OldBlock}; mined again in block {Block}, {Status}")]
    static partial void LogRemined(ILogger logger, Guid transferId, long chainId, long oldBlock, long block, TransferStatus status);
}
