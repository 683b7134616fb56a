using System.Numerics;
using Nethereum.Hex.HexConvertors.Extensions;
using Nethereum.Hex.HexTypes;
using Nethereum.RPC.Eth.DTOs;
using Nethereum.Web3;

namespace OpenChat.Chain.Wallet.Sending;

/// <summary>
/// Signs EIP-1559 transactions of one account with consecutive nonces and sends them without waiting for each
/// receipt, then collects the receipts. The system account's set-up work (deployment) uses it; user payments
/// go through the outbox instead.
/// </summary>
public sealed class PipelinedSender(IWeb3 web3, string from)
{
    readonly List<string> _sent = [];
    BigInteger? _nextNonce;
    Fees? _fees;

    public string From { get; } = from;

    /// <summary>The nonce the next transaction will take (read once from the pending pool).</summary>
    public async Task<BigInteger> NextNonceAsync(CancellationToken ct = default)
    {
        _nextNonce ??= (await web3.Eth.Transactions.GetTransactionCount.SendRequestAsync(From, BlockParameter.CreatePending()).WaitAsync(ct)).Value;
        return _nextNonce.Value;
    }

    /// <summary>Signs and sends one transaction; returns its hash at once.</summary>
    public async Task<string> SendAsync(string? to, string data, BigInteger gas, CancellationToken ct)
    {
        ct.ThrowIfCancellationRequested();
        var nonce = await NextNonceAsync(ct);
        var (maxFee, tip) = _fees ??= await Fees.SuggestAsync(web3, ct);
        var input = new TransactionInput
        {
            From = From,
            To = to,
            Data = data,
            Gas = new HexBigInteger(gas),
            Nonce = new HexBigInteger(nonce),
            Type = new HexBigInteger(2),
            MaxFeePerGas = new HexBigInteger(maxFee),
            MaxPriorityFeePerGas = new HexBigInteger(tip),
            Value = new HexBigInteger(0),
        };
        var signed = await web3.TransactionManager.SignTransactionAsync(input);
        var hash = await web3.Eth.Transactions.SendRawTransaction.SendRequestAsync(signed.EnsureHexPrefix()).WaitAsync(ct);
        _nextNonce = nonce + 1;
        _sent.Add(hash);
        return hash;
    }

    /// <summary>Gas for a transaction, estimated by the node, with 20% headroom.</summary>
    public async Task<BigInteger> EstimateGasAsync(string? to, string data, CancellationToken ct = default)
    {
        var estimate = await web3.Eth.Transactions.EstimateGas.SendRequestAsync(new CallInput { From = From, To = to, Data = data }).WaitAsync(ct);
        return estimate.Value * 12 / 10;
    }

    /// <summary>Waits for the receipt of every transaction sent so far; throws if one reverted.</summary>
    public async Task<IReadOnlyList<TransactionReceipt>> WaitForAllAsync(TimeSpan timeout, CancellationToken ct)
    {
        var receipts = new List<TransactionReceipt>();
        foreach (var hash in _sent)
        {
            var receipt = await WaitForReceiptAsync(web3, hash, timeout, ct);
            if (receipt.Status?.Value != 1)
                throw new InvalidOperationException($"Transaction {hash} reverted (block {receipt.BlockNumber?.Value})");
            receipts.Add(receipt);
        }
        _sent.Clear();
        return receipts;
    }

    /// <summary>Polls for a receipt: a transaction dropped by a reorg never gets one, so a deadline is needed.</summary>
    public static async Task<TransactionReceipt> WaitForReceiptAsync(IWeb3 web3, string hash, TimeSpan timeout, CancellationToken ct)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var receipt = await web3.Eth.Transactions.GetTransactionReceipt.SendRequestAsync(hash).WaitAsync(ct);
            if (receipt is not null) return receipt;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"No receipt for {hash} within {timeout}");
            await Task.Delay(100, ct);
        }
    }
}
