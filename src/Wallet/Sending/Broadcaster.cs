using System.Numerics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Nethereum.Hex.HexConvertors.Extensions;
using Nethereum.JsonRpc.Client;
using Nethereum.Model;
using Nethereum.RPC.Eth.DTOs;
using Nethereum.Util;
using OpenChat.Chain.Wallet.Actions;
using OpenChat.Chain.Wallet.Chain;
using OpenChat.Chain.Wallet.Keys;

namespace OpenChat.Chain.Wallet.Sending;

/// <summary>
/// Works the outbox: signs requested transfers as ERC-2771 forward requests and packs those of one pass into relayer
/// transactions, forwarder.executeBatch(...) (stored before they are sent), broadcasts them with pipelined relayer nonces
/// (one transfer per user account in flight, many accounts at once), and follows receipts to Confirmed or Failed, each
/// row by its own request's event in the receipt.
/// A restart re-sends the stored bytes; a stuck transaction is replaced with higher fees under the same nonce; a
/// transaction the node dropped is sent again, and a nonce no transfer holds is filled, so later ones can be mined.
/// </summary>
public sealed partial class Broadcaster(
    IServiceScopeFactory scopes,
    ChainStatus chain,
    WalletKeys keys,
    NonceAllocator nonces,
    ChainActions actions,
    IOptions<WalletOptions> options,
    IOptions<ChainOptions> chainOptions,
    TimeProvider clock,
    ILogger<Broadcaster> logger) : BackgroundService
{
    // Rows one pass signs: several full batches. A pass that took every waiting row (a Sending.Bench run had 977) kept
    // its first batches from the node until the last was signed; the rest go in the next pass, which comes at once.
    const int Intake = 256;
    // A batch's gas limit stays under this share of the block gas limit, so several batches (and others' transactions)
    // share a block, and the block's tail left by gas limits (about 210k per transfer against about 90k used) stays small.
    const int BatchesPerBlock = 8;
    // Chain reads of one pass (receipts, nonces, balances) go out together, a bounded number at a time.
    const int ParallelReads = 16;
    static readonly BigInteger Gwei = 1_000_000_000;
    static readonly BigInteger Wei = BigInteger.Pow(10, 18);
    readonly SemaphoreSlim _wake = new(0, 1);
    DateTime _lastTopUpCheck = DateTime.MinValue;
    string? _followedHead;

    TaskCompletionSource _recorded = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>
    /// Completes once a later pass has stored receipts (confirmed or reverted transfers): whoever follows wallet rows
    /// (the payment reconciler) reacts in the same block instead of after its own poll. Take it before reading the rows.
    /// </summary>
    public Task ReceiptsRecorded => Volatile.Read(ref _recorded).Task;

    /// <summary>New work is in the outbox: look now rather than at the next poll.</summary>
    public void Wake()
    {
        try { _wake.Release(); }
        catch (SemaphoreFullException) { /* already awake */ }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Run(keys.Load, stoppingToken);
        if (await keys.GetAsync(stoppingToken) is not { } wallet) return; // /health shows keys.Problem
        ChainConnection connection;
        try
        {
            connection = await chain.WhenReady(stoppingToken);
        }
        catch (InvalidOperationException)
        {
            return; // the chain could not be set up; /health says why
        }
        var relayer = wallet.AddressOf(WalletKeys.RelayerIndex);
        var delay = TimeSpan.FromMilliseconds(options.Value.PollMilliseconds);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await TopUpRelayerAsync(connection, relayer, stoppingToken);
                var outcome = await WorkAsync(connection, wallet, relayer, stoppingToken);
                if (outcome == Outcome.Stop) return;
                // A pass that signed may have left more in the outbox than one batch: go on at once rather than after a poll.
                delay = outcome == Outcome.More ? TimeSpan.Zero : TimeSpan.FromMilliseconds(options.Value.PollMilliseconds);
            }
            catch (Exception e) when (ChainReads.IsOutage(e))
            {
                // The outbox keeps everything; the next pass resumes where this one stopped.
                nonces.Forget();
                LogOutage(logger, connection.ChainId, e.GetType().Name);
                delay = TimeSpan.FromSeconds(Math.Min(Math.Max(delay.TotalSeconds * 2, 1), 5));
            }
            catch (RpcResponseException e)
            {
                // The node answered with an error (a hosted RPC's rate limit, a node restarting): wait, then resume.
                nonces.Forget();
                LogNodeError(logger, connection.ChainId, e.RpcError?.Message ?? e.Message);
                delay = TimeSpan.FromSeconds(5);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            await _wake.WaitAsync(delay, stoppingToken).ContinueWith(_ => { }, CancellationToken.None);
        }
    }

    enum Outcome { Continue, More, Stop }

    async Task<Outcome> WorkAsync(ChainConnection connection, HdWallet wallet, string relayer, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<WalletDb>();
        var head = await FollowReorgsAsync(db, connection, ct);
        await FollowBroadcastAsync(db, connection, wallet, relayer, head, ct);
        var signed = await SignRequestedAsync(db, connection, wallet, relayer, ct);
        if (options.Value.Faults.StopAfterSigning && signed.Any(t => t.Kind == TransferKind.Transfer && t.Status == TransferStatus.Signed))
        {
            LogStoppedByFault(logger);
            return Outcome.Stop;
        }
        await BroadcastSignedAsync(db, connection, wallet, ct);
        return signed.Count > 0 ? Outcome.More : Outcome.Continue;
    }

    // 0. A reorg may have replaced the block that mined a transfer: find it again in the new chain, or send it again.
    // Returns the head block's hash as this pass found it.
    async Task<string?> FollowReorgsAsync(WalletDb db, ChainConnection connection, CancellationToken ct)
    {
        var number = (long)(await connection.Web3.Eth.Blocks.GetBlockNumber.SendRequestAsync()).Value;
        var head = await connection.BlockHashAtAsync(number);
        var since = number - options.Value.ReorgWindowBlocks;
        var recent = await db.OutgoingTransfers.Where(t => t.BlockNumber > since && t.BlockHash != null).ToListAsync(ct);
        if (recent.Count == 0) return head;
        var blocks = recent.GroupBy(t => t.BlockNumber!.Value).OrderByDescending(b => b.Key).ToList();
        // Block hashes commit to their parents: when the highest block holding one of ours is unchanged, so is every block below.
        if (await connection.BlockHashAtAsync(blocks[0].Key) == blocks[0].First().BlockHash) return head;
        foreach (var block in blocks)
        {
            var hash = await connection.BlockHashAtAsync(block.Key);
            // The rows of one batch share its transaction: one receipt for all of them.
            foreach (var batch in block.Where(t => t.BlockHash != hash).GroupBy(t => t.TxHash))
            {
                var receipt = await ReceiptOfAsync(connection, batch.First());
                foreach (var transfer in batch)
                {
                    if (receipt is null)
                    {
                        transfer.MarkUnmined();
                        LogUnmined(logger, transfer.Id, connection.ChainId, block.Key, transfer.TxHash!);
                        continue;
                    }
                    var (result, logs) = RelayReceipt.Read(transfer, receipt, connection.Contracts.Forwarder);
                    var outcome = result == RequestResult.Executed ? actions[transfer.Kind].OutcomeOf(logs) : null;
                    transfer.MarkRemined(receipt.TransactionHash, (long)receipt.BlockNumber.Value, receipt.BlockHash, result == RequestResult.Executed,
                        outcome, result == RequestResult.NotRun ? OutgoingTransfer.NotRun : OutgoingTransfer.Reverted);
                    LogRemined(logger, transfer.Id, connection.ChainId, block.Key, transfer.BlockNumber!.Value, transfer.Status);
                }
            }
        }
        await db.SaveChangesAsync(ct);
        return head;
    }

    // 1. Sign: forward requests (user keys), then relayer transactions around them, as many requests to a transaction as
    // its gas cap allows; store all before anything is sent.
    async Task<IReadOnlyList<OutgoingTransfer>> SignRequestedAsync(WalletDb db, ChainConnection connection, HdWallet wallet, string relayer, CancellationToken ct)
    {
        var inFlight = await db.OutgoingTransfers.AsNoTracking()
            .Where(t => t.Status == TransferStatus.Signed || t.Status == TransferStatus.Broadcast).ToListAsync(ct);
        // One transfer per account on its way at a time. The forwarder checks each request against the account's current
        // nonce, so requests signed ahead for nonces k+1, k+2 would all revert (and burn gas) if request k reverted;
        // signing the next one after the previous one is settled never goes wrong. The relayer still pipelines across
        // accounts.
        var busy = inFlight.Select(t => t.AccountIndex).ToHashSet();
        var requested = (await db.OutgoingTransfers.Where(t => t.Status == TransferStatus.Requested && !busy.Contains(t.AccountIndex))
                .OrderBy(t => t.RequestedAt).Take(Intake).ToListAsync(ct))
            .DistinctBy(t => t.AccountIndex).ToList();
        if (requested.Count == 0) return [];

        if (!nonces.IsStarted)
        {
            var pending = await connection.Web3.Eth.Transactions.GetTransactionCount.SendRequestAsync(relayer, BlockParameter.CreatePending());
            nonces.Start((long)pending.Value, inFlight.Max(t => t.RelayNonce));
        }
        var head = await connection.Web3.Eth.Blocks.GetBlockWithTransactionsHashesByNumber.SendRequestAsync(BlockParameter.CreateLatest());
        var fees = FeesAt(head);
        var maxBatchGas = head.GasLimit.Value / BatchesPerBlock;
        var now = clock.GetUtcNow();
        var deadline = (ulong)now.AddHours(options.Value.RequestLifetimeHours).ToUnixTimeSeconds();
        var next = nonces.Peek();
        // Nothing of these accounts is in flight, so the chain's balance and forwarder nonce are the whole truth.
        var reads = new (BigInteger ForwardNonce, BigInteger Balance)[requested.Count];
        await Parallel.ForEachAsync(Enumerable.Range(0, requested.Count), new ParallelOptions { MaxDegreeOfParallelism = ParallelReads, CancellationToken = ct },
            async (i, token) => reads[i] = (await connection.ForwarderNonceAsync(requested[i].From, token),
                await connection.CoinBalanceAsync(requested[i].From, token)));
        var batch = new List<(OutgoingTransfer Row, long ForwardNonce, ForwardRequest Request, byte[] Signature)>();
        var batchGas = ForwardRequest.BatchOverhead;
        void Seal()
        {
            if (batch.Count == 0) return;
            var data = ForwardRequest.ExecuteBatchCallData(batch.Select(b => (b.Request, b.Signature)), refundReceiver: relayer);
            // Every batch gets the cap as its gas limit (gas is paid as used, not as limited): anvil's miner skips a
            // transaction that does not fit the rest of a block but drops a smaller one after it that does (its nonce
            // is then too high), which left such a batch waiting a whole StuckAfterSeconds to be sent again.
            var gasLimit = BigInteger.Max(batchGas, maxBatchGas); // a lone request larger than the cap gets what it needs
            var relay = SignRelay(wallet, connection.ChainId, next, connection.Contracts.Forwarder, data.ToHex(true), gasLimit, fees);
            db.RelayTransactions.Add(new RelayTransaction(relay.TxHash, next, relay.RawTransaction, now.UtcDateTime));
            foreach (var (row, forwardNonce, _, _) in batch)
            {
                row.MarkSigned(forwardNonce, next, relay, now.UtcDateTime);
                LogSigned(logger, row.Id, connection.ChainId, next, relay.TxHash);
            }
            LogBatchSigned(logger, connection.ChainId, next, relay.TxHash, batch.Count, batchGas, gasLimit);
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
            var call = await actions[transfer.Kind].CallAsync(transfer, new ActionContext(connection, wallet, deadline), ct);
            var request = ForwardRequest.For(connection.ChainId, connection.Contracts.Forwarder, transfer.From, call, forwardNonce, deadline);
            var signature = wallet.SignDigest(transfer.AccountIndex, request.Digest());
            // Gas limit = the requests' own limits plus overheads, under the cap: a full batch is sealed, the next one starts.
            if (batch.Count > 0 && batchGas + request.BatchGas > maxBatchGas) Seal();
            batch.Add((transfer, (long)forwardNonce, request, signature));
            batchGas += request.BatchGas;
        }
        Seal();
        var saved = false;
        try
        {
            await db.SaveChangesAsync(ct);
            saved = true;
        }
        finally
        {
            if (!saved) nonces.Forget(); // the nonces taken above were not stored: read them again
        }
        nonces.Advance(next);
        return requested;
    }

    // 2. Broadcast what is stored; sending the same bytes twice is harmless (one hash, one nonce). So the pass records
    // its broadcasts in one write at the end: after a crash in between, those rows are still Signed and go out again.
    async Task BroadcastSignedAsync(WalletDb db, ChainConnection connection, HdWallet wallet, CancellationToken ct)
    {
        var signed = await db.OutgoingTransfers.Where(t => t.Status == TransferStatus.Signed).OrderBy(t => t.RelayNonce).ToListAsync(ct);
        var raws = await RawsAsync(db, signed, ct);
        // GroupBy keeps the order of first appearance: relayer nonce order, one send per batch.
        foreach (var batch in signed.GroupBy(t => t.TxHash!))
        {
            var lead = batch.First();
            var refusal = await SendRawAsync(connection, raws[batch.Key], lead.Id);
            if (refusal is not null)
            {
                // Fees below what the node takes now (the base fee rose since signing): sign again at today's price.
                if (IsUnderpriced(refusal))
                {
                    var at = clock.GetUtcNow().UtcDateTime;
                    var relay = Bump(wallet, connection, lead, raws[batch.Key], await SuggestFeesAsync(connection));
                    db.RelayTransactions.Add(new RelayTransaction(relay.TxHash, lead.RelayNonce!.Value, relay.RawTransaction, at));
                    foreach (var transfer in batch) transfer.MarkRepriced(relay, at);
                    LogBumped(logger, lead.Id, connection.ChainId, lead.RelayNonce!.Value, relay.TxHash, relay.MaxFeePerGas / Gwei);
                }
                break; // keep nonce order: later ones wait for the next pass
            }
            foreach (var transfer in batch)
            {
                transfer.MarkBroadcast(clock.GetUtcNow().UtcDateTime);
                LogBroadcast(logger, transfer.Id, connection.ChainId, transfer.RelayNonce!.Value, transfer.TxHash!);
            }
        }
        await db.SaveChangesAsync(ct);
    }

    // 3. Receipts, and what to do about transactions that have none for too long. Receipts only appear with a new head
    // block (its hash, so a reorg at the same height counts), so a pass that finds the head it saw last asks for none,
    // except of transactions old enough to be stuck. Mined transfers are recorded in one write at the end: after a crash
    // in between, the next pass reads the same receipts again.
    async Task FollowBroadcastAsync(WalletDb db, ChainConnection connection, HdWallet wallet, string relayer, string? head, CancellationToken ct)
    {
        var broadcast = await db.OutgoingTransfers.Where(t => t.Status == TransferStatus.Broadcast).OrderBy(t => t.RelayNonce).ToListAsync(ct);
        var now = clock.GetUtcNow().UtcDateTime;
        var stuckAfter = TimeSpan.FromSeconds(options.Value.StuckAfterSeconds);
        var newHead = head is null || head != _followedHead;
        // The rows of one batch share its transaction (and every version of it): one receipt for all of them.
        var batches = broadcast.Where(t => newHead || now - t.BroadcastAt >= stuckAfter).GroupBy(t => t.TxHash!).ToList();
        var receipts = new TransactionReceipt?[batches.Count];
        await Parallel.ForEachAsync(Enumerable.Range(0, batches.Count), new ParallelOptions { MaxDegreeOfParallelism = ParallelReads, CancellationToken = ct },
            async (i, _) => receipts[i] = await ReceiptOfAsync(connection, batches[i].First()));
        long? mined = null;
        var recorded = false;
        foreach (var (batch, receipt) in batches.Zip(receipts))
        {
            var lead = batch.First();
            if (receipt is not null)
            {
                recorded = true;
                var block = (long)receipt.BlockNumber.Value;
                foreach (var transfer in batch)
                {
                    // Each row by its own request's event: one request of a batch can revert or be skipped while the others run.
                    var (result, logs) = RelayReceipt.Read(transfer, receipt, connection.Contracts.Forwarder);
                    switch (result)
                    {
                        case RequestResult.Executed:
                            transfer.MarkConfirmed(receipt.TransactionHash, block, receipt.BlockHash, now, actions[transfer.Kind].OutcomeOf(logs));
                            LogConfirmed(logger, transfer.Id, connection.ChainId, receipt.TransactionHash, block);
                            break;
                        case RequestResult.Reverted:
                            transfer.MarkReverted(receipt.TransactionHash, block, receipt.BlockHash, now);
                            LogReverted(logger, transfer.Id, connection.ChainId, receipt.TransactionHash, block);
                            break;
                        default:
                            transfer.MarkNotRun(receipt.TransactionHash, block, receipt.BlockHash, now);
                            LogNotRun(logger, transfer.Id, connection.ChainId, receipt.TransactionHash, block);
                            break;
                    }
                }
                continue;
            }
            if (now - lead.BroadcastAt < stuckAfter) continue;

            mined ??= (long)(await connection.Web3.Eth.Transactions.GetTransactionCount.SendRequestAsync(relayer, BlockParameter.CreateLatest())).Value;
            if (lead.RelayNonce < mined)
            {
                // The nonce went to a transaction that is none of ours (the relayer key used elsewhere), so this
                // batch's requests never ran: wrap the same signed requests in a transaction under a fresh nonce. Safe
                // even if that were wrong: the forwarder runs a request at most once, and skips a copy.
                await RenonceAsync(db, connection, wallet, relayer, batch.ToList(), now, ct);
                continue;
            }
            var filled = await FillGapsBelowAsync(db, connection, wallet, lead.RelayNonce!.Value, mined.Value, ct);
            var known = await connection.Web3.Eth.Transactions.GetTransactionByHash.SendRequestAsync(lead.TxHash);
            var raw = await RawOfAsync(db, lead.TxHash!, ct);
            if (known is null || filled)
            {
                // Dropped from the pool (a restarted node, eviction), or waiting behind a gap just filled: send the same
                // bytes again and give it another full wait before any fee bump.
                await SendRawAsync(connection, raw, lead.Id);
                foreach (var transfer in batch)
                {
                    transfer.MarkResent(now);
                    LogResent(logger, transfer.Id, connection.ChainId, transfer.RelayNonce!.Value, transfer.TxHash!);
                }
            }
            else
            {
                var relay = Bump(wallet, connection, lead, raw, await SuggestFeesAsync(connection));
                db.RelayTransactions.Add(new RelayTransaction(relay.TxHash, lead.RelayNonce.Value, relay.RawTransaction, now));
                foreach (var transfer in batch) transfer.MarkReplaced(relay, now); // stored before it is sent; step 2 sends it
                LogBumped(logger, lead.Id, connection.ChainId, lead.RelayNonce.Value, relay.TxHash, relay.MaxFeePerGas / Gwei);
                Wake();
            }
            await db.SaveChangesAsync(ct);
        }
        await db.SaveChangesAsync(ct);
        _followedHead = head;
        if (recorded) Interlocked.Exchange(ref _recorded, new(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
    }

    async Task RenonceAsync(WalletDb db, ChainConnection connection, HdWallet wallet, string relayer, IReadOnlyList<OutgoingTransfer> batch, DateTime now,
        CancellationToken ct)
    {
        if (!nonces.IsStarted)
        {
            var pending = await connection.Web3.Eth.Transactions.GetTransactionCount.SendRequestAsync(relayer, BlockParameter.CreatePending());
            var stored = await db.OutgoingTransfers.AsNoTracking()
                .Where(t => t.Status == TransferStatus.Signed || t.Status == TransferStatus.Broadcast).MaxAsync(t => t.RelayNonce, ct);
            nonces.Start((long)pending.Value, stored);
        }
        var nonce = nonces.Peek();
        var stale = (Transaction1559)TransactionFactory.CreateTransaction(await RawOfAsync(db, batch[0].TxHash!, ct));
        var relay = SignRelay(wallet, connection.ChainId, nonce, stale.ReceiverAddress, stale.Data, stale.GasLimit!.Value, await SuggestFeesAsync(connection));
        db.RelayTransactions.Add(new RelayTransaction(relay.TxHash, nonce, relay.RawTransaction, now));
        foreach (var transfer in batch) transfer.MarkRenonced(nonce, relay, now); // stored before it is sent; step 2 sends it
        var saved = false;
        try
        {
            await db.SaveChangesAsync(ct);
            saved = true;
        }
        finally
        {
            if (!saved) nonces.Forget();
        }
        nonces.Advance(nonce + 1);
        foreach (var transfer in batch) LogRenonced(logger, transfer.Id, connection.ChainId, nonce, relay.TxHash);
        Wake();
    }

    // The first receipt of any version of a row's relayer transaction (only one version can be mined: they share a nonce).
    static async Task<TransactionReceipt?> ReceiptOfAsync(ChainConnection connection, OutgoingTransfer transfer)
    {
        foreach (var hash in transfer.AllTxHashes)
        {
            var receipt = await connection.Web3.Eth.Transactions.GetTransactionReceipt.SendRequestAsync(hash);
            if (receipt is not null) return receipt;
        }
        return null;
    }

    static async Task<string> RawOfAsync(WalletDb db, string txHash, CancellationToken ct) =>
        (await db.RelayTransactions.AsNoTracking().Where(r => r.TxHash == txHash).Select(r => r.RawTransaction).FirstOrDefaultAsync(ct))
        ?? throw new InvalidOperationException($"Relayer transaction {txHash} has no stored bytes");

    static async Task<Dictionary<string, string>> RawsAsync(WalletDb db, IEnumerable<OutgoingTransfer> rows, CancellationToken ct)
    {
        var hashes = rows.Select(t => t.TxHash!).Distinct().ToList();
        return await db.RelayTransactions.AsNoTracking().Where(r => hashes.Contains(r.TxHash)).ToDictionaryAsync(r => r.TxHash, r => r.RawTransaction, ct);
    }

    // A nonce below a waiting transfer that no stored transaction holds blocks the relayer forever: fill it with a
    // zero-value transaction to itself.
    async Task<bool> FillGapsBelowAsync(WalletDb db, ChainConnection connection, HdWallet wallet, long nonce, long mined, CancellationToken ct)
    {
        if (nonce <= mined) return false;
        var held = (await db.OutgoingTransfers.AsNoTracking()
                .Where(t => t.RelayNonce >= mined && t.RelayNonce < nonce
                    && (t.Status == TransferStatus.Signed || t.Status == TransferStatus.Broadcast))
                .Select(t => t.RelayNonce!.Value).ToListAsync(ct)).ToHashSet();
        var gaps = Enumerable.Range(0, (int)(nonce - mined)).Select(i => mined + i).Where(n => !held.Contains(n)).ToList();
        if (gaps.Count == 0) return false;
        var fees = await SuggestFeesAsync(connection);
        var relayer = wallet.AddressOf(WalletKeys.RelayerIndex);
        foreach (var gap in gaps)
        {
            var filler = SignRelay(wallet, connection.ChainId, gap, relayer, "0x", 21_000, fees);
            await SendRawAsync(connection, filler.RawTransaction, Guid.Empty);
            LogGapFilled(logger, connection.ChainId, gap, filler.TxHash);
        }
        return true;
    }

    /// <summary>Null once the node has the transaction (or has already mined its nonce), else the node's refusal.</summary>
    async Task<string?> SendRawAsync(ChainConnection connection, string raw, Guid transferId)
    {
        try
        {
            await connection.Web3.Eth.Transactions.SendRawTransaction.SendRequestAsync(raw);
            return null;
        }
        catch (RpcResponseException e) when (AlreadyThere(e.RpcError?.Message))
        {
            return null; // a resend after a crash or a replacement that lost the race: the receipt step sorts it out
        }
        catch (RpcResponseException e)
        {
            // E.g. the relayer cannot pay for gas: keep the transfer signed and try again on the next pass.
            var reason = e.RpcError?.Message ?? e.Message;
            LogRefused(logger, transferId, connection.ChainId, reason);
            return reason;
        }
    }

    static bool IsUnderpriced(string reason) =>
        reason.Contains("underpriced", StringComparison.OrdinalIgnoreCase) || reason.Contains("base fee", StringComparison.OrdinalIgnoreCase)
        || reason.Contains("fee cap", StringComparison.OrdinalIgnoreCase);

    static bool AlreadyThere(string? message) => message is not null
        && (message.Contains("already known", StringComparison.OrdinalIgnoreCase)
            || message.Contains("already imported", StringComparison.OrdinalIgnoreCase)
            || message.Contains("nonce too low", StringComparison.OrdinalIgnoreCase));

    async Task TopUpRelayerAsync(ChainConnection connection, string relayer, CancellationToken ct)
    {
        var settings = options.Value;
        if (!(settings.FundRelayer ?? chainOptions.Value.UsesEmbeddedAnvil)) return;
        var now = clock.GetUtcNow().UtcDateTime;
        if (now - _lastTopUpCheck < TimeSpan.FromMinutes(1)) return;
        var balance = await connection.EthBalanceAsync(relayer, ct);
        if (balance >= ToWei(settings.RelayerMinimumEth))
        {
            _lastTopUpCheck = now;
            return;
        }
        // An ordinary ETH transfer from the deployer (anvil's funded dev account on the embedded chain).
        var receipt = await connection.Web3.Eth.GetEtherTransferService()
            .TransferEtherAndWaitForReceiptAsync(relayer, settings.RelayerTopUpEth, cancellationToken: ct);
        _lastTopUpCheck = now;
        LogToppedUp(logger, relayer, settings.RelayerTopUpEth, connection.ChainId, receipt.TransactionHash);
    }

    public static BigInteger ToWei(decimal eth) => new BigInteger(eth * 1_000_000_000m) * Gwei;

    static SignedRelay SignRelay(HdWallet wallet, long chainId, BigInteger nonce, string to, string data, BigInteger gas, (BigInteger MaxFee, BigInteger Tip) fees)
    {
        var transaction = new Transaction1559(chainId, nonce, fees.Tip, fees.MaxFee, gas, to, 0, data, []);
        var raw = wallet.SignTransaction(WalletKeys.RelayerIndex, transaction);
        return new SignedRelay(raw.ToHex(true), Sha3Keccack.Current.CalculateHash(raw).ToHex(true), fees.MaxFee, fees.Tip);
    }

    // A replacement must raise both fees (geth and anvil want at least 10%): +25%, or what the current base fee needs.
    static SignedRelay Bump(HdWallet wallet, ChainConnection connection, OutgoingTransfer transfer, string raw, (BigInteger MaxFee, BigInteger Tip) suggested)
    {
        var stored = (Transaction1559)TransactionFactory.CreateTransaction(raw);
        var tip = BigInteger.Max(BigInteger.Parse(transfer.MaxPriorityFeePerGas!) * 5 / 4 + 1, suggested.Tip);
        var maxFee = BigInteger.Max(BigInteger.Parse(transfer.MaxFeePerGas!) * 5 / 4 + 1, suggested.MaxFee - suggested.Tip + tip);
        return SignRelay(wallet, connection.ChainId, transfer.RelayNonce!.Value, stored.ReceiverAddress, stored.Data, stored.GasLimit!.Value, (maxFee, tip));
    }

    // EIP-1559: maxFeePerGas ≥ baseFee + tip; twice the current base fee survives six full blocks of increases.
    static async Task<(BigInteger MaxFee, BigInteger Tip)> SuggestFeesAsync(ChainConnection connection) =>
        FeesAt(await connection.Web3.Eth.Blocks.GetBlockWithTransactionsHashesByNumber.SendRequestAsync(BlockParameter.CreateLatest()));

    static (BigInteger MaxFee, BigInteger Tip) FeesAt(Block block)
    {
        var baseFee = block.BaseFeePerGas?.Value ?? 0;
        var tip = Gwei;
        return (baseFee * 2 + tip, tip);
    }

    public override void Dispose()
    {
        _wake.Dispose();
        base.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Transfer {TransferId} signed on chain {ChainId}: relayer nonce {Nonce}, tx {TxHash}")]
    static partial void LogSigned(ILogger logger, Guid transferId, long chainId, long nonce, string txHash);

    [LoggerMessage(Level = LogLevel.Information, Message = "Transfer {TransferId} broadcast on chain {ChainId}: relayer nonce {Nonce}, tx {TxHash}")]
    static partial void LogBroadcast(ILogger logger, Guid transferId, long chainId, long nonce, string txHash);

    [LoggerMessage(Level = LogLevel.Information, Message = "Transfer {TransferId} confirmed on chain {ChainId}: tx {TxHash} in block {Block}")]
    static partial void LogConfirmed(ILogger logger, Guid transferId, long chainId, string txHash, long block);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Transfer {TransferId} reverted on chain {ChainId}: tx {TxHash} in block {Block}")]
    static partial void LogReverted(ILogger logger, Guid transferId, long chainId, string txHash, long block);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Transfer {TransferId} not run on chain {ChainId}: the forwarder skipped its request in tx {TxHash} in block {Block}")]
    static partial void LogNotRun(ILogger logger, Guid transferId, long chainId, string txHash, long block);

    [LoggerMessage(Level = LogLevel.Information, Message = "Batch signed on chain {ChainId}: relayer nonce {Nonce}, tx {TxHash}, {Requests} requests needing {Gas} gas, gas limit {GasLimit}")]
    static partial void LogBatchSigned(ILogger logger, long chainId, long nonce, string txHash, int requests, BigInteger gas, BigInteger gasLimit);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Transfer {TransferId} refused before signing: {Reason}")]
    static partial void LogRejected(ILogger logger, Guid transferId, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Transfer {TransferId}: a reorg on chain {ChainId} dropped block {Block} and the new chain lacks tx {TxHash}; sending it again")]
    static partial void LogUnmined(ILogger logger, Guid transferId, long chainId, long block, string txHash);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Transfer {TransferId}: a reorg on chain {ChainId} replaced block {OldBlock}; mined again in block {Block}, {Status}")]
    static partial void LogRemined(ILogger logger, Guid transferId, long chainId, long oldBlock, long block, TransferStatus status);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Transfer {TransferId} stuck on chain {ChainId}: nonce {Nonce} replaced by tx {TxHash} at max fee {MaxFeeGwei} gwei")]
    static partial void LogBumped(ILogger logger, Guid transferId, long chainId, long nonce, string txHash, BigInteger maxFeeGwei);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Transfer {TransferId} dropped by the node on chain {ChainId}: nonce {Nonce} sent again as tx {TxHash}")]
    static partial void LogResent(ILogger logger, Guid transferId, long chainId, long nonce, string txHash);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Transfer {TransferId}: its relayer nonce was taken by another transaction on chain {ChainId}; sent again under nonce {Nonce} as tx {TxHash}")]
    static partial void LogRenonced(ILogger logger, Guid transferId, long chainId, long nonce, string txHash);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Relayer nonce gap on chain {ChainId}: nonce {Nonce} filled by tx {TxHash}")]
    static partial void LogGapFilled(ILogger logger, long chainId, long nonce, string txHash);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Transfer {TransferId}: chain {ChainId} refused the transaction ({Reason}); retrying")]
    static partial void LogRefused(ILogger logger, Guid transferId, long chainId, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Chain {ChainId} unavailable ({Reason}): transfers stay queued")]
    static partial void LogOutage(ILogger logger, long chainId, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Chain {ChainId} answered with an error ({Reason}): the broadcaster retries")]
    static partial void LogNodeError(ILogger logger, long chainId, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Relayer {Relayer} topped up with {Eth} ETH on chain {ChainId}: tx {TxHash}")]
    static partial void LogToppedUp(ILogger logger, string relayer, decimal eth, long chainId, string txHash);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Fault injection Wallet:Faults:StopAfterSigning: the broadcaster stops before broadcasting")]
    static partial void LogStoppedByFault(ILogger logger);
}
