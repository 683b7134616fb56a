using OpenChat.Chain.Wallet.Chain;

namespace OpenChat.Chain.Wallet.Sending;

/// <summary>Hands a signed transaction to the node (eth_sendRawTransaction). Tests wrap it to inject faults.</summary>
public interface IRawTransactionSender
{
    Task SendAsync(ChainConnection chain, string rawTransaction, CancellationToken ct);
}

public sealed class NodeRawTransactionSender : IRawTransactionSender
{
    public Task SendAsync(ChainConnection chain, string rawTransaction, CancellationToken ct) =>
        chain.Web3.Eth.Transactions.SendRawTransaction.SendRequestAsync(rawTransaction).WaitAsync(ct);
}
