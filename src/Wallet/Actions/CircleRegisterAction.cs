using System.Globalization;
using System.Numerics;
using Nethereum.Hex.HexConvertors.Extensions;
using Nethereum.RPC.Eth.DTOs;
using OpenChat.Chain.Wallet.Contracts;
using OpenChat.Chain.Wallet.Sending;

namespace OpenChat.Chain.Wallet.Actions;

public sealed record CircleRegisterDetails(string Payout, string Price, ulong Period, string GroupRef);

/// <summary>CircleAccess.registerCircle(payout, price, period, groupRef). Outcome: the new circle's id.</summary>
public sealed class CircleRegisterAction : IChainAction
{
    /// <summary>A new circle's storage (three slots) and its event; no snapshot exists, ChainActionGasTests ties it to the node's estimate.</summary>
    public static readonly BigInteger Gas = 200_000;

    public TransferKind Kind => TransferKind.CircleRegister;

    public ValueTask<ChainCall> CallAsync(OutgoingTransfer row, ActionContext context, CancellationToken ct)
    {
        var circle = ChainActions.Read<CircleRegisterDetails>(row);
        return ValueTask.FromResult(new ChainCall(context.Chain.Contracts.CircleAccess, ContractArtifact.CircleAccess.Encode("registerCircle",
            circle.Payout, BigInteger.Parse(circle.Price, CultureInfo.InvariantCulture), circle.Period, circle.GroupRef.HexToByteArray()), Gas));
    }

    public string? OutcomeOf(IReadOnlyList<FilterLog> logs) =>
        ChainActions.Text(ContractArtifact.CircleAccess.FirstEvent("CircleRegistered", logs)?["circleId"]);
}
