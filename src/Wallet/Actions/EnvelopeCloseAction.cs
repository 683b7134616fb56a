using System.Globalization;
using System.Numerics;
using OpenChat.Chain.Wallet.Contracts;
using OpenChat.Chain.Wallet.Sending;

namespace OpenChat.Chain.Wallet.Actions;

public sealed record EnvelopeCloseDetails(string EnvelopeId);

/// <summary>RedEnvelope.close(id): an expired Fair envelope with claims stops at this block, whose hash becomes the draw's entropy.</summary>
public sealed class EnvelopeCloseAction : IChainAction
{
    /// <summary>RedEnvelope.close (checks and one slot), with headroom; ChainActionGasTests ties it to the node's estimate.</summary>
    public static readonly BigInteger Gas = 60_000;

    public TransferKind Kind => TransferKind.EnvelopeClose;

    public ValueTask<ChainCall> CallAsync(OutgoingTransfer row, ActionContext context, CancellationToken ct)
    {
        var close = ChainActions.Read<EnvelopeCloseDetails>(row);
        return ValueTask.FromResult(new ChainCall(context.Chain.Contracts.RedEnvelope,
            ContractArtifact.RedEnvelope.Encode("close", BigInteger.Parse(close.EnvelopeId, CultureInfo.InvariantCulture)), Gas));
    }
}
