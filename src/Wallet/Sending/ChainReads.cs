using System.Globalization;
using System.Numerics;
using Microsoft.EntityFrameworkCore;
using Nethereum.ABI.FunctionEncoding;
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
    /// not run yet. Balance and forwarder nonce come from one EVM execution (<see cref="ReadAccountsAsync"/>), so a transfer
    /// mined in between is never counted twice (once in the balance, once as in flight), and the outbox is read first:
    /// a row the chain runs meanwhile shows in the balance and the nonce, never in neither.
    /// </summary>
    /// <param name="codeOf">A recipient whose code size the same read brings (see <see cref="RecipientHasCode"/>).</param>
    /// <remarks>
    /// Read once per unit of work (<see cref="WalletDb.AvailableRead"/>) while under <see cref="ReuseWithin"/> old: a second
    /// read a few milliseconds later would say the same but for a block mined in between, which the check-then-queue
    /// of concurrent requests never guarded against anyway; the broadcaster checks the balance again before it signs.
    /// </remarks>
    public static async Task<BigInteger> AvailableAsync(this ChainConnection chain, WalletDb db, int accountIndex, string account, CancellationToken ct,
        string? codeOf = null)
    {
        if (db.AvailableRead.TryGetValue(accountIndex, out var read) && Environment.TickCount64 - read.ReadAt < ReuseWithin.TotalMilliseconds
            && (codeOf is null || db.CodeRead.ContainsKey(codeOf)))
            return read.Available;
        var available = await ReadAvailableAsync(chain, db, accountIndex, account, codeOf, ct);
        db.AvailableRead[accountIndex] = (available, Environment.TickCount64);
        return available;
    }

    /// <summary>How long one unit of work reuses its read of an account's available coins: under one block.</summary>
    public static readonly TimeSpan ReuseWithin = TimeSpan.FromSeconds(1);

    /// <summary>Whether <paramref name="address"/> had code when this unit of work read it with the balance; null when it did not.</summary>
    public static bool? RecipientHasCode(WalletDb db, string address) => db.CodeRead.TryGetValue(address, out var has) ? has : null;

    static async Task<BigInteger> ReadAvailableAsync(ChainConnection chain, WalletDb db, int accountIndex, string account, string? codeOf,
        CancellationToken ct)
    {
        var inFlight = db.InFlightRead.Remove(accountIndex, out var known) ? known : await InFlightRowsAsync(db, accountIndex, ct);
        var read = await chain.ReadAccountsAsync([account], codeOf, ct);
        if (codeOf is not null) db.CodeRead[codeOf] = read.RecipientCodeSize > 0;
        var (executed, balance) = read.Accounts[0];
        return inFlight.Where(t => t.ForwardNonce is null || t.ForwardNonce >= executed)
            .Aggregate(balance, (left, t) => left - BigInteger.Parse(t.Amount, CultureInfo.InvariantCulture));
    }

    static async Task<IReadOnlyList<(string Amount, long? ForwardNonce)>> InFlightRowsAsync(WalletDb db, int accountIndex, CancellationToken ct) =>
        (await db.OutgoingTransfers.AsNoTracking()
            .Where(t => t.AccountIndex == accountIndex
                && (t.Status == TransferStatus.Requested || t.Status == TransferStatus.Signed || t.Status == TransferStatus.Broadcast))
            .Select(t => new { t.Amount, t.ForwardNonce }).ToListAsync(ct)).Select(t => (t.Amount, t.ForwardNonce)).ToList();

    /// <summary>Each account's forwarder nonce and ChatCoin balance, and the code size of <c>recipient</c>, at one state of the chain.</summary>
    public sealed record AccountsRead(IReadOnlyList<(BigInteger ForwardNonce, BigInteger Balance)> Accounts, int RecipientCodeSize);

    /// <summary>
    /// Runs contracts/src/reads/AccountReads.sol's creation code in one eth_call (no <c>to</c>): ChatCoin.balanceOf and
    /// ERC2771Forwarder.nonces of every account and EXTCODESIZE of <paramref name="recipient"/>, all at the same state, one
    /// HTTP request for a POST's four reads or a signing pass's 256 rows (issue 20). More than <see cref="AccountsPerRead"/>
    /// accounts go in several calls, sent together; each account's two figures still come from one state.
    /// </summary>
    public static async Task<AccountsRead> ReadAccountsAsync(this ChainConnection chain, IReadOnlyList<string> accounts, string? recipient,
        CancellationToken ct)
    {
        var slices = Math.Max(1, (accounts.Count + AccountsPerRead - 1) / AccountsPerRead);
        var results = new (BigInteger, BigInteger)[accounts.Count];
        var codeSizes = await Task.WhenAll(Enumerable.Range(0, slices).Select(async slice =>
        {
            var first = slice * AccountsPerRead;
            var count = Math.Min(AccountsPerRead, accounts.Count - first);
            var artifact = ContractArtifact.AccountReads;
            var arguments = new ParametersEncoder().EncodeParameters(artifact.ContractAbi.Constructor.InputParameters,
                chain.Contracts.ChatCoin, chain.Contracts.Forwarder, accounts.Skip(first).Take(count).ToList(), slice == 0 && recipient is not null ? recipient : Zero);
            var answer = await chain.Web3.Eth.Transactions.Call.SendRequestAsync(new CallInput { Data = artifact.Bytecode + arguments.ToHex() },
                BlockParameter.CreateLatest()).WaitAsync(RequestTimeout, ct);
            var bytes = answer.HexToByteArray();
            if (bytes.Length != 32 + 64 * count) throw new InvalidOperationException($"AccountReads answered {bytes.Length} bytes for {count} accounts");
            for (var i = 0; i < count; i++)
                results[first + i] = (Word(bytes, 2 + 2 * i), Word(bytes, 1 + 2 * i));
            return (int)Word(bytes, 0);
        }));
        return new AccountsRead(results, codeSizes[0]);

        static BigInteger Word(byte[] bytes, int index) => new(bytes.AsSpan(32 * index, 32), isUnsigned: true, isBigEndian: true);
    }

    /// <summary>Accounts per <see cref="ReadAccountsAsync"/> call: AccountReads' answer must stay under EIP-170's 24,576 bytes (383).</summary>
    const int AccountsPerRead = 256;

    const string Zero = "0x0000000000000000000000000000000000000000";

    public static async Task<BigInteger> EthBalanceAsync(this ChainConnection chain, string account, CancellationToken ct) =>
        (await chain.Web3.Eth.GetBalance.SendRequestAsync(account).WaitAsync(RequestTimeout, ct)).Value;

    /// <summary>ERC2771Forwarder.nonces(from): the nonce the next forward request of <paramref name="account"/> must carry.</summary>
    public static Task<BigInteger> ForwarderNonceAsync(this ChainConnection chain, string account, CancellationToken ct) =>
        chain.CallUint256Async(ContractArtifact.ERC2771Forwarder, chain.Contracts.Forwarder, "nonces", account, BlockParameter.CreateLatest(), ct);

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
