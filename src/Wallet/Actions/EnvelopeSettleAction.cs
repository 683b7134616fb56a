using System.Globalization;
using System.Numerics;
using Nethereum.RPC.Eth.DTOs;
using OpenChat.Chain.Wallet.Contracts;
using OpenChat.Chain.Wallet.Sending;

namespace OpenChat.Chain.Wallet.Actions;

/// <param name="Claims">How many claimers the settlement pays (its gas).</param>
public sealed record EnvelopeSettleDetails(string EnvelopeId, int Claims);

/// <summary>
/// RedEnvelope.settleEqually(id): the fallback when a Fair envelope's seed was not revealed within 256 blocks of closing;
/// every claimer gets total / shares. Outcome: that share.
/// </summary>
public sealed class EnvelopeSettleAction : IChainAction
{
    public TransferKind Kind => TransferKind.EnvelopeSettle;

    /// <summary>As a reveal of as many claimers (the same payouts, no draw).</summary>
    public static BigInteger GasFor(int claims) => EnvelopeRevealAction.GasFor(claims);

    public ValueTask<ChainCall> CallAsync(OutgoingTransfer row, ActionContext context, CancellationToken ct)
    {
        var settle = ChainActions.Read<EnvelopeSettleDetails>(row);
        return ValueTask.FromResult(new ChainCall(context.Chain.Contracts.RedEnvelope, ContractArtifact.RedEnvelope.Encode("settleEqually",
            BigInteger.Parse(settle.EnvelopeId, CultureInfo.InvariantCulture)), GasFor(settle.Claims)));
    }

    public string? OutcomeOf(IReadOnlyList<FilterLog> logs) =>
        ChainActions.Text(ContractArtifact.RedEnvelope.FirstEvent("EnvelopeSettledEqually", logs)?["share"]);
}
