using System.Numerics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Nethereum.Hex.HexConvertors.Extensions;
using Nethereum.RPC.Eth.DTOs;
using OpenChat.Chain.Wallet.Actions;
using OpenChat.Chain.Wallet.Chain;

namespace OpenChat.Chain.Wallet.Sending;

/// <summary>
/// The broadcaster's first step: signs requested rows as ERC-2771 forward requests (user keys), then relayer transactions
/// around them, forwarder.executeBatch(...), as many requests to a transaction as its gas cap allows; stores them all
/// before anything is sent.
/// </summary>
public sealed partial class BatchSigner(ChainActions actions, NonceAllocator nonces, IOptions<WalletOptions> options, TimeProvider clock,
    ILogger<Broadcaster> logger)
{
    // Rows one pass signs: several full batches. A pass that took every waiting row (a Sending.Bench run had 977) kept
    // its first batches from the node until the last was signed; the rest go in the next pass, which comes at once.
    // 64 was tried (issue 20): a row's batch went out sooner, but passes kept a fixed cost of their own (about one pass a
    // second, 61 transfers/s against 84 at 256 in the steady-state round of the same load), so bigger passes stay.
    const int Intake = 256;
    // A batch's gas limit stays under this share of the block gas limit, so several batches (and others' transactions)
    // share a block, and the block's tail left by gas limits (about 210k per transfer against about 90k used) stays small.
    public const int BatchesPerBlock = 8;

    /// <summary>The rows this pass took (signed, or rejected for want of balance); more may be waiting when it is not empty.</summary>
    /// <param name="head">The head block as this pass read it: fees and the block gas limit come from it.</param>
    public async Task<IReadOnlyList<OutgoingTransfer>> SignAsync(WalletDb db, Relayer relayer, Block head, CancellationToken ct)
    {
        var chain = relayer.Chain;
        // One transfer per account on its way at a time. The forwarder checks each request against the account's current
        // nonce, so requests signed ahead for nonces k+1, k+2 would all revert (and burn gas) if request k reverted;
        // signing the next one after the previous one is settled never goes wrong. The relayer still pipelines across
        // accounts.
        var busy = await db.OutgoingTransfers.AsNoTracking()
            .Where(t => t.Status == TransferStatus.Signed || t.Status == TransferStatus.Broadcast).Select(t => t.AccountIndex).Distinct().ToListAsync(ct);
        var requested = (await db.OutgoingTransfers.Where(t => t.Status == TransferStatus.Requested && !busy.Contains(t.AccountIndex))
                .OrderBy(t => t.RequestedAt).Take(Intake).ToListAsync(ct))
            .DistinctBy(t => t.AccountIndex).ToList();
        if (requested.Count == 0) return [];

        var next = await nonces.NextAsync(relayer, db, ct);
        var fees = Fees.At(head);
        var maxBatchGas = head.GasLimit.Value / BatchesPerBlock;
        var now = clock.GetUtcNow();
        var deadline = (ulong)now.AddHours(options.Value.RequestLifetimeHours).ToUnixTimeSeconds();
        // Nothing of these accounts is in flight, so the chain's balance and forwarder nonce are the whole truth.
        var reads = (await chain.ReadAccountsAsync(requested.Select(t => t.From).ToList(), recipient: null, ct)).Accounts;
        var batch = new List<(OutgoingTransfer Row, long ForwardNonce, ForwardRequest Request, byte[] Signature)>();
        var batchGas = ForwardRequest.BatchOverhead;
        void Seal()
        {
            if (batch.Count == 0) return;
            var data = ForwardRequest.ExecuteBatchCallData(batch.Select(b => (b.Request, b.Signature)), refundReceiver: relayer.Address);
            // Every batch gets the cap as its gas limit (gas is paid as used, not as limited): anvil's miner skips a
            // transaction that does not fit the rest of a block but drops a smaller one after it that does (its nonce
            // is then too high), which left such a batch waiting a whole StuckAfterSeconds to be sent again.
            var gasLimit = BigInteger.Max(batchGas, maxBatchGas); // a lone request larger than the cap gets what it needs
            var relay = relayer.Sign(next, chain.Contracts.Forwarder, data.ToHex(true), gasLimit, fees);
            db.RelayTransactions.Add(new RelayTransaction(relay.TxHash, next, relay.RawTransaction, now.UtcDateTime));
            foreach (var (row, forwardNonce, _, _) in batch)
            {
                row.MarkSigned(forwardNonce, next, relay, now.UtcDateTime);
                LogSigned(logger, row.Id, relayer.ChainId, next, relay.TxHash);
            }
            LogBatchSigned(logger, relayer.ChainId, next, relay.TxHash, batch.Count, batchGas, gasLimit);
            next++;
            batch.Clear();
            batchGas = ForwardRequest.BatchOverhead;
        }
        foreach (var (transfer, (forwardNonce, balance)) in requested.Zip(reads))
        {
            if (balance < transfer.AmountUnits)
            {
                // Checked again here because a request accepted while the chain was down was never checked.
                transfer.Reject("insufficient balance", now.UtcDateTime);
                LogRejected(logger, transfer.Id, "insufficient balance");
                continue;
            }
            var call = await actions[transfer.Kind].CallAsync(transfer, new ActionContext(chain, relayer.Wallet, deadline), ct);
            var request = ForwardRequest.For(relayer.ChainId, chain.Contracts.Forwarder, transfer.From, call, forwardNonce, deadline);
            var signature = relayer.Wallet.SignDigest(transfer.AccountIndex, request.Digest());
            // Gas limit = the requests' own limits plus overheads, under the cap: a full batch is sealed, the next one starts.
            if (batch.Count > 0 && batchGas + request.BatchGas > maxBatchGas) Seal();
            batch.Add((transfer, (long)forwardNonce, request, signature));
            batchGas += request.BatchGas;
        }
        Seal();
        await nonces.SaveAsync(db, next, ct);
        return requested;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Transfer {TransferId} signed on chain {ChainId}: relayer nonce {Nonce}, tx {TxHash}")]
    static partial void LogSigned(ILogger logger, Guid transferId, long chainId, long nonce, string txHash);

    [LoggerMessage(Level = LogLevel.Information, Message = "Batch signed on chain {ChainId}: relayer nonce {Nonce}, tx {TxHash}, {Requests} requests needing {Gas} gas, gas limit {GasLimit}")]
    static partial void LogBatchSigned(ILogger logger, long chainId, long nonce, string txHash, int requests, BigInteger gas, BigInteger gasLimit);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Transfer {TransferId} refused before signing: {Reason}")]
    static partial void LogRejected(ILogger logger, Guid transferId, string reason);
}
