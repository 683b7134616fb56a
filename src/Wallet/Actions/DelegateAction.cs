using System.Numerics;
using OpenChat.Chain.Wallet.Contracts;
using OpenChat.Chain.Wallet.Sending;

namespace OpenChat.Chain.Wallet.Actions;

/// <summary>ChatCoin.delegate(delegatee): voting power to <see cref="OutgoingTransfer.To"/> (oneself when voting is activated).</summary>
public sealed class DelegateAction : IChainAction
{
    /// <summary>
    /// Redelegating moves votes between two delegates: up to 4 new checkpoint slots (votes and vote-seconds).
    /// ChatCoinGasTest.activateVoting_relayed (which also counts the forwarder's own work), with headroom.
    /// </summary>
    public static readonly BigInteger Gas = 200_000;

    public TransferKind Kind => TransferKind.Delegate;

    public ValueTask<ChainCall> CallAsync(OutgoingTransfer row, ActionContext context, CancellationToken ct) =>
        ValueTask.FromResult(new ChainCall(context.Chain.Contracts.ChatCoin, ContractArtifact.ChatCoin.Encode("delegate", row.To), Gas));
}
