using System.Globalization;
using System.Numerics;
using Nethereum.Hex.HexConvertors.Extensions;
using Nethereum.RPC.Eth.DTOs;
using OpenChat.Chain.Wallet.Contracts;
using OpenChat.Chain.Wallet.Sending;

namespace OpenChat.Chain.Wallet.Actions;

/// <summary>The envelope, and the gatekeeper's EIP-712 voucher that the claimer is a member of its chat until the deadline.</summary>
public sealed record EnvelopeClaimDetails(string EnvelopeId, ulong Deadline, string Voucher);

/// <summary>RedEnvelope.claim(id, deadline, voucher). Outcome: the share claimed; none for a Fair envelope (it takes a position, paid at the reveal).</summary>
public sealed class EnvelopeClaimAction : IChainAction
{
    /// <summary>RedEnvelope.claim_random (the dearer mode), with room for a claimer who votes (checkpoints on receipt).</summary>
    public static readonly BigInteger Gas = 220_000;

    public TransferKind Kind => TransferKind.EnvelopeClaim;

    public ValueTask<ChainCall> CallAsync(OutgoingTransfer row, ActionContext context, CancellationToken ct)
    {
        var claim = ChainActions.Read<EnvelopeClaimDetails>(row);
        return ValueTask.FromResult(new ChainCall(context.Chain.Contracts.RedEnvelope, ContractArtifact.RedEnvelope.Encode("claim",
            BigInteger.Parse(claim.EnvelopeId, CultureInfo.InvariantCulture), claim.Deadline, claim.Voucher.HexToByteArray()), Gas));
    }

    public string? OutcomeOf(IReadOnlyList<FilterLog> logs) =>
        ChainActions.Text(ContractArtifact.RedEnvelope.FirstEvent("EnvelopeClaimed", logs)?["amount"]);
}
