using System.Globalization;
using System.Numerics;
using OpenChat.Chain.Wallet.Contracts;
using OpenChat.Chain.Wallet.Sending;

namespace OpenChat.Chain.Wallet.Actions;

public sealed record CirclePriceDetails(string CircleId, string Price);

/// <summary>CircleAccess.setPrice(circleId, price): the owner's new price, for periods bought afterwards.</summary>
public sealed class CirclePriceAction : IChainAction
{
    /// <summary>One storage write and an event; no snapshot exists, ChainActionGasTests ties it to the node's estimate.</summary>
    public static readonly BigInteger Gas = 100_000;

    public TransferKind Kind => TransferKind.CirclePrice;

    public ValueTask<ChainCall> CallAsync(OutgoingTransfer row, ActionContext context, CancellationToken ct)
    {
        var price = ChainActions.Read<CirclePriceDetails>(row);
        return ValueTask.FromResult(new ChainCall(context.Chain.Contracts.CircleAccess, ContractArtifact.CircleAccess.Encode("setPrice",
            BigInteger.Parse(price.CircleId, CultureInfo.InvariantCulture), BigInteger.Parse(price.Price, CultureInfo.InvariantCulture)), Gas));
    }
}
