using System.Globalization;
using System.Numerics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Nethereum.Hex.HexConvertors.Extensions;
using Nethereum.JsonRpc.Client;
using Nethereum.Model;
using Nethereum.RPC.Eth.DTOs;
using Nethereum.Util;
using OpenChat.Chain.Wallet.Chain;
using OpenChat.Chain.Wallet.Keys;

namespace OpenChat.Chain.Wallet.Sending;

/// <summary>
/// The relayer account as the broadcaster's parts share it: its key signs transactions to the forwarder (or fillers to
/// itself), the node takes them through <see cref="IRawTransactionSender"/>, and every version of a transaction is stored
/// as a <see cref="RelayTransaction"/> before it is sent.
/// </summary>
public sealed partial class Relayer(ChainConnection chain, HdWallet wallet, IRawTransactionSender sender, ILogger logger)
{
    public ChainConnection Chain { get; } = chain;
    public HdWallet Wallet { get; } = wallet;
    public string Address { get; } = wallet.AddressOf(WalletKeys.RelayerIndex);
    public long ChainId => Chain.ChainId;

    public SignedRelay Sign(BigInteger nonce, string to, string data, BigInteger gas, Fees fees)
    {
        var transaction = new Transaction1559(ChainId, nonce, fees.Tip, fees.MaxFee, gas, to, 0, data, []);
        var raw = Wallet.SignTransaction(WalletKeys.RelayerIndex, transaction);
        return new SignedRelay(raw.ToHex(true), Sha3Keccack.Current.CalculateHash(raw).ToHex(true), fees.MaxFee, fees.Tip);
    }

    /// <summary>The stored transaction <paramref name="raw"/> again under <paramref name="nonce"/>, with <paramref name="fees"/>.</summary>
    public SignedRelay Resign(string raw, BigInteger nonce, Fees fees)
    {
        var stored = (Transaction1559)TransactionFactory.CreateTransaction(raw);
        return Sign(nonce, stored.ReceiverAddress, stored.Data, stored.GasLimit!.Value, fees);
    }

    /// <summary>A stuck or underpriced batch under the same nonce, with fees raised (<see cref="Fees.Bumped"/>).</summary>
    public async Task<SignedRelay> BumpAsync(OutgoingTransfer lead, string raw, CancellationToken ct)
    {
        var paid = new Fees(BigInteger.Parse(lead.MaxFeePerGas!, CultureInfo.InvariantCulture),
            BigInteger.Parse(lead.MaxPriorityFeePerGas!, CultureInfo.InvariantCulture));
        return Resign(raw, lead.RelayNonce!.Value, Fees.Bumped(paid, await Fees.SuggestAsync(Chain.Web3, ct)));
    }

    /// <summary>Null once the node has the transaction (or has already mined its nonce), else the node's refusal.</summary>
    public async Task<string?> SendAsync(string raw, Guid transferId, CancellationToken ct)
    {
        try
        {
            await sender.SendAsync(Chain, raw, ct);
            return null;
        }
        catch (RpcResponseException e) when (AlreadyThere(e.RpcError?.Message))
        {
            return null; // a resend after a crash or a replacement that lost the race: the receipt follower sorts it out
        }
        catch (RpcResponseException e)
        {
            // E.g. the relayer cannot pay for gas: keep the transfer signed and try again on the next pass.
            var reason = e.RpcError?.Message ?? e.Message;
            LogRefused(logger, transferId, ChainId, reason);
            return reason;
        }
    }

    public static bool IsUnderpriced(string reason) =>
        reason.Contains("underpriced", StringComparison.OrdinalIgnoreCase) || reason.Contains("base fee", StringComparison.OrdinalIgnoreCase)
        || reason.Contains("fee cap", StringComparison.OrdinalIgnoreCase);

    static bool AlreadyThere(string? message) => message is not null
        && (message.Contains("already known", StringComparison.OrdinalIgnoreCase)
            || message.Contains("already imported", StringComparison.OrdinalIgnoreCase)
            || message.Contains("nonce too low", StringComparison.OrdinalIgnoreCase));

    /// <summary>The relayer's account nonce as mined (latest) or as the node's pool has it (pending).</summary>
    public async Task<long> NonceAsync(BlockParameter at, CancellationToken ct) =>
        (long)(await Chain.Web3.Eth.Transactions.GetTransactionCount.SendRequestAsync(Address, at).WaitAsync(ct)).Value;

    /// <summary>The first receipt of any version of a row's relayer transaction (only one can be mined: they share a nonce).</summary>
    public async Task<TransactionReceipt?> ReceiptOfAsync(OutgoingTransfer transfer, CancellationToken ct)
    {
        foreach (var hash in transfer.AllTxHashes)
        {
            var receipt = await Chain.Web3.Eth.Transactions.GetTransactionReceipt.SendRequestAsync(hash).WaitAsync(ct);
            if (receipt is not null) return receipt;
        }
        return null;
    }

    public static async Task<string> RawOfAsync(WalletDb db, string txHash, CancellationToken ct) =>
        (await db.RelayTransactions.AsNoTracking().Where(r => r.TxHash == txHash).Select(r => r.RawTransaction).FirstOrDefaultAsync(ct))
        ?? throw new InvalidOperationException($"Relayer transaction {txHash} has no stored bytes");

    public static async Task<Dictionary<string, string>> RawsAsync(WalletDb db, IEnumerable<OutgoingTransfer> rows, CancellationToken ct)
    {
        var hashes = rows.Select(t => t.TxHash!).Distinct().ToList();
        return await db.RelayTransactions.AsNoTracking().Where(r => hashes.Contains(r.TxHash)).ToDictionaryAsync(r => r.TxHash, r => r.RawTransaction, ct);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Transfer {TransferId}: chain {ChainId} refused the transaction ({Reason}); retrying")]
    static partial void LogRefused(ILogger logger, Guid transferId, long chainId, string reason);
}
