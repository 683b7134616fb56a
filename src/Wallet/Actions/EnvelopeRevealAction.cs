using System.Globalization;
using System.Numerics;
using Nethereum.RPC.Eth.DTOs;
using OpenChat.Chain.Wallet.Contracts;
using OpenChat.Chain.Wallet.Envelopes;
using OpenChat.Chain.Wallet.Sending;

namespace OpenChat.Chain.Wallet.Actions;

/// <param name="CreateKey">The idempotency key of the row that created the envelope (same account): the seed is derived from it.</param>
/// <param name="Claims">How many claimers the reveal pays (its gas).</param>
public sealed record EnvelopeRevealDetails(string EnvelopeId, string CreateKey, int Claims);

/// <summary>
/// RedEnvelope.reveal(id, seed): the seed <see cref="EnvelopeSeeds"/> derives for the creating row, sent from the creator's
/// account; the contract draws the shares from it and the closing block's hash and pays every claimer. The seed is derived
/// when the row is signed, never stored in its details. Outcome: the randomness.
/// </summary>
public sealed class EnvelopeRevealAction : IChainAction
{
    /// <summary>The call, the draw and the shuffle of up to the deploy's maximum shares.</summary>
    public static readonly BigInteger BaseGas = 100_000;

    /// <summary>One claimer's payout (RedEnvelope.reveal_10 measures 41.8k each to fresh members), with room for a voter's checkpoints.</summary>
    public static readonly BigInteger GasPerClaimer = 48_000;

    public TransferKind Kind => TransferKind.EnvelopeReveal;

    public static BigInteger GasFor(int claims) => claims >= 1 ? BaseGas + GasPerClaimer * claims
        : throw new ArgumentOutOfRangeException(nameof(claims), claims, "A reveal pays at least one claimer");

    public ValueTask<ChainCall> CallAsync(OutgoingTransfer row, ActionContext context, CancellationToken ct)
    {
        var reveal = ChainActions.Read<EnvelopeRevealDetails>(row);
        var contract = context.Chain.Contracts.RedEnvelope;
        var seed = EnvelopeSeeds.Of(context.Wallet, context.Chain.ChainId, contract, row.AccountIndex, reveal.CreateKey);
        return ValueTask.FromResult(new ChainCall(contract, ContractArtifact.RedEnvelope.Encode("reveal",
            BigInteger.Parse(reveal.EnvelopeId, CultureInfo.InvariantCulture), seed), GasFor(reveal.Claims)));
    }

    public string? OutcomeOf(IReadOnlyList<FilterLog> logs) =>
        ContractArtifact.RedEnvelope.FirstEvent("EnvelopeRevealed", logs)?["randomness"] is byte[] randomness
            ? Nethereum.Hex.HexConvertors.Extensions.HexByteConvertorExtensions.ToHex(randomness, true) : null;
}
