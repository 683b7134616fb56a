using System.Globalization;
using System.Numerics;
using Nethereum.RPC.Eth.DTOs;
using OpenChat.Chain.Wallet.Contracts;
using OpenChat.Chain.Wallet.Sending;

namespace OpenChat.Chain.Wallet.Actions;

public sealed record EnvelopeRefundDetails(string EnvelopeId);

/// <summary>RedEnvelope.refund(id): the creator takes back what an expired envelope still holds. Outcome: the amount.</summary>
public sealed class EnvelopeRefundAction : IChainAction
{
    /// <summary>RedEnvelope.refund, with headroom.</summary>
    public static readonly BigInteger Gas = 100_000;

    public TransferKind Kind => TransferKind.EnvelopeRefund;

    public ValueTask<ChainCall> CallAsync(OutgoingTransfer row, ActionContext context, CancellationToken ct)
    {
        var refund = ChainActions.Read<EnvelopeRefundDetails>(row);
        return ValueTask.FromResult(new ChainCall(context.Chain.Contracts.RedEnvelope,
            ContractArtifact.RedEnvelope.Encode("refund", BigInteger.Parse(refund.EnvelopeId, CultureInfo.InvariantCulture)), Gas));
    }

    public string? OutcomeOf(IReadOnlyList<FilterLog> logs) =>
        ChainActions.Text(ContractArtifact.RedEnvelope.FirstEvent("EnvelopeRefunded", logs)?["amount"]);
}
