using System.Globalization;
using System.Numerics;
using Microsoft.EntityFrameworkCore;
using Nethereum.Hex.HexConvertors.Extensions;
using Nethereum.RPC.Eth.DTOs;
using Nethereum.RPC.Eth.Transactions;
using Nethereum.JsonRpc.Client;
using OpenChat.Chain.Wallet.Chain;
using OpenChat.Chain.Wallet.Contracts;

namespace OpenChat.Chain.Wallet.Sending;

/// <summary>The few chain reads the wallet needs, each with a deadline so that a dead RPC cannot hold a request.</summary>
public static class ChainReads
{
    public static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(5);

    public static Task<BigInteger> CoinBalanceAsync(this ChainConnection chain, string account, CancellationToken ct) =>
        chain.CallUint256Async(ContractArtifact.ChatCoin, chain.Contracts.ChatCoin, "balanceOf", account, BlockParameter.CreateLatest(), ct);

    /// <summary>
    /// What <paramref name="account"/> can still promise: its CHAT balance less the outbox's transfers that the chain has
    /// not run yet. Balance and forwarder nonce are read at one block, so a transfer mined in between is never counted
    /// twice (once in the balance, once as in flight).
    /// </summary>
    /// <remarks>
    /// Read once per unit of work (<see cref="WalletDb.AvailableRead"/>) while under <see cref="ReuseWithin"/> old: a second
    /// read a few milliseconds later would say the same but for a block mined in between, which the check-then-queue
    /// of concurrent requests never guarded against anyway; the broadcaster checks the balance again before it signs.
    /// </remarks>
    public static async Task<BigInteger> AvailableAsync(this ChainConnection chain, WalletDb db, int accountIndex, string account, CancellationToken ct)
    {
        if (db.AvailableRead.TryGetValue(accountIndex, out var read) && Environment.TickCount64 - read.ReadAt < ReuseWithin.TotalMilliseconds)
            return read.Available;
        var available = await ReadAvailableAsync(chain, db, accountIndex, account, ct);
        db.AvailableRead[accountIndex] = (available, Environment.TickCount64);
        return available;
    }

    /// <summary>How long one unit of work reuses its read of an account's available coins: under one block.</summary>
    public static readonly TimeSpan ReuseWithin = TimeSpan.FromSeconds(1);

    static async Task<BigInteger> ReadAvailableAsync(ChainConnection chain, WalletDb db, int accountIndex, string account, CancellationToken ct)
    {
        var block = new BlockParameter(await chain.Web3.Eth.Blocks.GetBlockNumber.SendRequestAsync().WaitAsync(RequestTimeout, ct));
        var balance = await chain.CallUint256Async(ContractArtifact.ChatCoin, chain.Contracts.ChatCoin, "balanceOf", account, block, ct);
        var executed = await chain.CallUint256Async(ContractArtifact.ERC2771Forwarder, chain.Contracts.Forwarder, "nonces", account, block, ct);
        var inFlight = await db.OutgoingTransfers.AsNoTracking()
            .Where(t => t.AccountIndex == accountIndex
                && (t.Status == TransferStatus.Requested || t.Status == TransferStatus.Signed || t.Status == TransferStatus.Broadcast))
            .Select(t => new { t.Amount, t.ForwardNonce }).ToListAsync(ct);
        return inFlight.Where(t => t.ForwardNonce is null || t.ForwardNonce >= executed)
            .Aggregate(balance, (left, t) => left - BigInteger.Parse(t.Amount, CultureInfo.InvariantCulture));
    }

    public static async Task<BigInteger> EthBalanceAsync(this ChainConnection chain, string account, CancellationToken ct) =>
        (await chain.Web3.Eth.GetBalance.SendRequestAsync(account).WaitAsync(RequestTimeout, ct)).Value;

    /// <summary>ERC2771Forwarder.nonces(from): the nonce the next forward request of <paramref name="account"/> must carry.</summary>
    public static Task<BigInteger> ForwarderNonceAsync(this ChainConnection chain, string account, CancellationToken ct) =>
        chain.CallUint256Async(ContractArtifact.ERC2771Forwarder, chain.Contracts.Forwarder, "nonces", account, BlockParameter.CreateLatest(), ct);

    /// <summary>
    /// ERC2771Forwarder.nonces and ChatCoin.balanceOf of each account at the latest block, as JSON-RPC batches of
    /// <see cref="AccountsPerBatch"/> accounts (one HTTP request each, sent together) rather than two requests per account:
    /// the signing pass reads both for every row it takes, and each request cost the service and the node more than the
    /// call itself (issue 20). An error answer to any call fails the whole read like a single call's would.
    /// </summary>
    public static async Task<(BigInteger ForwardNonce, BigInteger Balance)[]> ForwarderNoncesAndBalancesAsync(this ChainConnection chain,
        IReadOnlyList<string> accounts, CancellationToken ct)
    {
        var results = new (BigInteger, BigInteger)[accounts.Count];
        var call = new EthCall(chain.Web3.Client);
        var latest = BlockParameter.CreateLatest();
        RpcRequestResponseBatchItem<EthCall, string> Item(ContractArtifact artifact, string contract, string function, string account, int id) =>
            new(call, call.BuildRequest(new CallInput(artifact.Encode(function, account).ToHex(prefix: true), contract), latest, id));
        await Task.WhenAll(Enumerable.Range(0, (accounts.Count + AccountsPerBatch - 1) / AccountsPerBatch).Select(async slice =>
        {
            var first = slice * AccountsPerBatch;
            var count = Math.Min(AccountsPerBatch, accounts.Count - first);
            var batch = new RpcRequestResponseBatch();
            for (var i = 0; i < count; i++)
            {
                batch.BatchItems.Add(Item(ContractArtifact.ERC2771Forwarder, chain.Contracts.Forwarder, "nonces", accounts[first + i], 2 * i + 1));
                batch.BatchItems.Add(Item(ContractArtifact.ChatCoin, chain.Contracts.ChatCoin, "balanceOf", accounts[first + i], 2 * i + 2));
            }
            try
            {
                await chain.Web3.Client.SendBatchRequestAsync(batch).WaitAsync(RequestTimeout, ct);
            }
            catch (RpcResponseBatchException e)
            {
                throw new RpcResponseException(new RpcError(-32000, e.Message));
            }
            for (var i = 0; i < count; i++)
                results[first + i] = (Uint256(batch.BatchItems[2 * i], "nonces"), Uint256(batch.BatchItems[2 * i + 1], "balanceOf"));
        }));
        return results;

        static BigInteger Uint256(IRpcRequestResponseBatchItem item, string function)
        {
            var answer = (RpcRequestResponseBatchItem<EthCall, string>)item;
            if (answer.HasError) throw new RpcResponseException(answer.RpcError);
            var bytes = answer.Response.HexToByteArray();
            if (bytes.Length != 32) throw new InvalidOperationException($"{function} answered {bytes.Length} bytes, not 32");
            return new BigInteger(bytes, isUnsigned: true, isBigEndian: true);
        }
    }

    /// <summary>Accounts (two calls each) in one JSON-RPC batch of <see cref="ForwarderNoncesAndBalancesAsync"/>.</summary>
    const int AccountsPerBatch = 16;

    /// <summary>
    /// eth_call of a view that takes one address and returns one uint256, encoded from the artifact's ABI parsed once.
    /// Web3.Eth.GetContract(abi, …) parses the ABI's JSON on every call (ChatCoin's is large): a few percent of the service's
    /// CPU under bench/Sending.Bench, where every POST and every row of a signing pass reads a balance and a nonce (issue 20).
    /// </summary>
    static async Task<BigInteger> CallUint256Async(this ChainConnection chain, ContractArtifact artifact, string contract, string function,
        string account, BlockParameter block, CancellationToken ct)
    {
        var data = artifact.Encode(function, account).ToHex(prefix: true);
        var result = await chain.Web3.Eth.Transactions.Call.SendRequestAsync(new CallInput(data, contract), block).WaitAsync(RequestTimeout, ct);
        var bytes = result.HexToByteArray();
        // "0x": no code at that address (a misconfigured contract address), not a zero.
        if (bytes.Length != 32) throw new InvalidOperationException($"{artifact.Name}.{function} at {contract} answered {bytes.Length} bytes, not 32");
        return new BigInteger(bytes, isUnsigned: true, isBigEndian: true);
    }

    /// <summary>The hash of block <paramref name="number"/> on the chain as the node has it now (lower case), null above the head.</summary>
    public static async Task<string?> BlockHashAtAsync(this ChainConnection chain, long number, CancellationToken ct = default)
    {
        var block = await chain.Web3.Eth.Blocks.GetBlockWithTransactionsHashesByNumber
            .SendRequestAsync(new BlockParameter(new Nethereum.Hex.HexTypes.HexBigInteger(number))).WaitAsync(RequestTimeout, ct);
        return block?.BlockHash?.ToLowerInvariant();
    }

    /// <summary>The chain (or the way to it) is down: an outage to wait out, not a bug.</summary>
    public static bool IsOutage(Exception e) => e is HttpRequestException or TimeoutException or RpcClientUnknownException
        or RpcClientTimeoutException or TaskCanceledException { CancellationToken.IsCancellationRequested: false };
}
