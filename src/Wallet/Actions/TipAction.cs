using System.Numerics;
using Nethereum.Hex.HexConvertors.Extensions;
using OpenChat.Chain.Wallet.Contracts;
using OpenChat.Chain.Wallet.Sending;

namespace OpenChat.Chain.Wallet.Actions;

/// <summary>The tipped message, as the chat's 32-byte reference.</summary>
public sealed record TipDetails(string MessageRef);

/// <summary>ChatCoin.tip(author, amount, messageRef): the tipper's own transfer with a memo event, so no allowance is involved.</summary>
public sealed class TipAction : IChainAction
{
    /// <summary>A transfer between voters plus the Tipped event: ChatCoinGasTest.tip_voters, with headroom.</summary>
    public static readonly BigInteger Gas = 230_000;

    public TransferKind Kind => TransferKind.Tip;

    public ValueTask<ChainCall> CallAsync(OutgoingTransfer row, ActionContext context, CancellationToken ct)
    {
        var tip = ChainActions.Read<TipDetails>(row);
        return ValueTask.FromResult(new ChainCall(context.Chain.Contracts.ChatCoin,
            ContractArtifact.ChatCoin.Encode("tip", row.To, row.AmountUnits, tip.MessageRef.HexToByteArray()), Gas));
    }
}
