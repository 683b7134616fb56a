using System.Globalization;
using System.Numerics;
using Nethereum.RPC.Eth.DTOs;
using OpenChat.Chain.Wallet.Contracts;
using OpenChat.Chain.Wallet.Sending;

namespace OpenChat.Chain.Wallet.Actions;

/// <summary>Periods bought at the price the member was shown: the contract refuses another price.</summary>
public sealed record CirclePayDetails(string CircleId, ulong Periods, string ExpectedPrice);

/// <summary>CircleAccess.payWithPermit(...): the circle pulls the row's amount through an EIP-2612 permit. Outcome: the new expiry.</summary>
public sealed class CirclePayAction : IChainAction
{
    /// <summary>CircleAccessGasTest.payWithPermit_relayed (which also counts the forwarder's own work), with headroom.</summary>
    public static readonly BigInteger Gas = 320_000;

    public TransferKind Kind => TransferKind.CirclePay;

    public async ValueTask<ChainCall> CallAsync(OutgoingTransfer row, ActionContext context, CancellationToken ct)
    {
        var pay = ChainActions.Read<CirclePayDetails>(row);
        var circles = context.Chain.Contracts.CircleAccess;
        var signature = await Permit.SignAsync(row, circles, context, ct);
        return new ChainCall(circles, ContractArtifact.CircleAccess.Encode("payWithPermit",
            BigInteger.Parse(pay.CircleId, CultureInfo.InvariantCulture), pay.Periods, BigInteger.Parse(pay.ExpectedPrice, CultureInfo.InvariantCulture),
            new BigInteger(context.Deadline), signature[64], signature[..32], signature[32..64]), Gas);
    }

    public string? OutcomeOf(IReadOnlyList<FilterLog> logs) =>
        ChainActions.Text(ContractArtifact.CircleAccess.FirstEvent("CirclePaid", logs)?["expiry"]);
}
