using System.Numerics;
using Nethereum.Hex.HexConvertors.Extensions;
using Nethereum.RPC.Eth.DTOs;
using Nethereum.Util;

namespace OpenChat.Chain.Wallet.Sending;

/// <summary>What the forwarder did with one outbox row's request in a mined relayer transaction.</summary>
public enum RequestResult { Executed, Reverted, NotRun }

/// <summary>
/// Reads one request's outcome from a relayer transaction's receipt, batch or single: OpenZeppelin's ERC2771Forwarder
/// emits ExecutedForwardRequest(signer, nonce, success) after each request it runs, right after the logs of the call it
/// made, and nothing for a request it skips. A request is identified by its signer and forwarder nonce (unique on chain).
/// </summary>
public static class RelayReceipt
{
    static readonly string ExecutedTopic =
        "0x" + Sha3Keccack.Current.CalculateHash("ExecutedForwardRequest(address,uint256,bool)");

    /// <summary>The request's result, and the logs its own call emitted (empty unless it executed).</summary>
    public static (RequestResult Result, FilterLog[] Logs) Read(OutgoingTransfer row, TransactionReceipt receipt, string forwarder)
    {
        // A reverted transaction (out of gas) ran nothing at all.
        if (receipt.Status?.Value != 1) return (RequestResult.Reverted, []);
        var logs = receipt.Logs ?? [];
        var first = 0;
        for (var i = 0; i < logs.Length; i++)
        {
            var log = logs[i];
            if (!IsExecuted(log, forwarder)) continue;
            var (signer, nonce, success) = Decode(log);
            if (signer.Equals(row.From, StringComparison.OrdinalIgnoreCase) && nonce == row.ForwardNonce)
            {
                if (!success) return (RequestResult.Reverted, []);
                // The call's own logs sit between the previous request's event and this one.
                return (RequestResult.Executed, logs[first..i]);
            }
            first = i + 1;
        }
        return (RequestResult.NotRun, []);
    }

    static bool IsExecuted(FilterLog log, string forwarder) =>
        log.Topics is { Length: 2 } topics && string.Equals(topics[0]?.ToString(), ExecutedTopic, StringComparison.OrdinalIgnoreCase)
        && string.Equals(log.Address, forwarder, StringComparison.OrdinalIgnoreCase);

    // event ExecutedForwardRequest(address indexed signer, uint256 nonce, bool success): signer in topic 1, nonce and
    // success as two words of data.
    static (string Signer, BigInteger Nonce, bool Success) Decode(FilterLog log)
    {
        var topic = log.Topics[1]!.ToString()!.HexToByteArray();
        var data = log.Data.HexToByteArray();
        return (topic[12..].ToHex(true), new BigInteger(data.AsSpan(0, 32), isUnsigned: true, isBigEndian: true), data[63] != 0);
    }
}
