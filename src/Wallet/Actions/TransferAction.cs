using System.Numerics;
using OpenChat.Chain.Wallet.Contracts;
using OpenChat.Chain.Wallet.Sending;

namespace OpenChat.Chain.Wallet.Actions;

/// <summary>ChatCoin.transfer(to, amount): a wallet send, or a withdrawal of everything (<see cref="TransferKind.Withdrawal"/>).</summary>
public sealed class TransferAction(TransferKind kind = TransferKind.Transfer) : IChainAction
{
    /// <summary>
    /// Between two voters a move writes a vote and a vote-seconds checkpoint on each side (4 new slots):
    /// ChatCoinGasTest.transfer_voters, with headroom.
    /// </summary>
    public static readonly BigInteger Gas = 220_000;

    public TransferKind Kind => kind;

    public ValueTask<ChainCall> CallAsync(OutgoingTransfer row, ActionContext context, CancellationToken ct) =>
        ValueTask.FromResult(new ChainCall(context.Chain.Contracts.ChatCoin, ContractArtifact.ChatCoin.Encode("transfer", row.To, row.AmountUnits), Gas));
}
