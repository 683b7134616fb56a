using System.Globalization;
using System.Numerics;
using OpenChat.Chain.Wallet.Contracts;
using OpenChat.Chain.Wallet.Sending;

namespace OpenChat.Chain.Wallet.Actions;

public sealed record CircleCloseDetails(string CircleId);

/// <summary>CircleAccess.close(circleId): the owner closes the circle; members are then settled (<see cref="CircleSettleAction"/>).</summary>
public sealed class CircleCloseAction : IChainAction
{
    /// <summary>One storage write and an event; no snapshot exists, ChainActionGasTests ties it to the node's estimate.</summary>
    public static readonly BigInteger Gas = 100_000;

    public TransferKind Kind => TransferKind.CircleClose;

    public ValueTask<ChainCall> CallAsync(OutgoingTransfer row, ActionContext context, CancellationToken ct)
    {
        var close = ChainActions.Read<CircleCloseDetails>(row);
        return ValueTask.FromResult(new ChainCall(context.Chain.Contracts.CircleAccess,
            ContractArtifact.CircleAccess.Encode("close", BigInteger.Parse(close.CircleId, CultureInfo.InvariantCulture)), Gas));
    }
}
