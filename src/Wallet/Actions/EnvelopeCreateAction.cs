using System.Globalization;
using System.Numerics;
using Nethereum.Hex.HexConvertors.Extensions;
using Nethereum.RPC.Eth.DTOs;
using OpenChat.Chain.Wallet.Contracts;
using OpenChat.Chain.Wallet.Envelopes;
using OpenChat.Chain.Wallet.Keys;
using OpenChat.Chain.Wallet.Sending;

namespace OpenChat.Chain.Wallet.Actions;

/// <param name="Fair">A Fair envelope (commit-reveal): created with the keccak of its derived seed; rows stored before Fair existed read false.</param>
public sealed record EnvelopeCreateDetails(uint Shares, bool Equal, ulong ExpiresAt, string ChatRef, bool Fair = false);

/// <summary>
/// RedEnvelope.createWithPermit(...) for an Equal envelope, createFairWithPermit(...) for a Fair one: the envelope pulls the
/// row's amount through an EIP-2612 permit in the same call; the relayer's key is the gatekeeper that vouches for chat
/// membership. A Fair envelope commits keccak256(abi.encode(seed)) of the seed <see cref="EnvelopeSeeds"/> derives for
/// this row (so the commitment is the same whenever the row is signed again). Outcome: the new envelope's id.
/// </summary>
public sealed class EnvelopeCreateAction : IChainAction
{
    /// <summary>
    /// RedEnvelope.createWithPermit and createFairWithPermit, with headroom: ChainActionGasTests ties it to the snapshot's
    /// createWithPermit, and to createFair plus what the permit adds (createWithPermit − create).
    /// </summary>
    public static readonly BigInteger Gas = 260_000;

    public TransferKind Kind => TransferKind.EnvelopeCreate;

    public async ValueTask<ChainCall> CallAsync(OutgoingTransfer row, ActionContext context, CancellationToken ct)
    {
        var terms = ChainActions.Read<EnvelopeCreateDetails>(row);
        var contracts = context.Chain.Contracts;
        var signature = await Permit.SignAsync(row, contracts.RedEnvelope, context, ct);
        var gatekeeper = context.Wallet.AddressOf(WalletKeys.RelayerIndex);
        if (!terms.Fair)
            return new ChainCall(contracts.RedEnvelope, ContractArtifact.RedEnvelope.Encode("createWithPermit",
                contracts.ChatCoin, row.AmountUnits, terms.Shares, terms.Equal ? (byte)1 : (byte)0, terms.ExpiresAt,
                gatekeeper, terms.ChatRef.HexToByteArray(), new BigInteger(context.Deadline),
                signature[64], signature[..32], signature[32..64]), Gas);
        var seed = EnvelopeSeeds.Of(context.Wallet, context.Chain.ChainId, contracts.RedEnvelope, row.AccountIndex, row.IdempotencyKey);
        return new ChainCall(contracts.RedEnvelope, ContractArtifact.RedEnvelope.Encode("createFairWithPermit",
            contracts.ChatCoin, row.AmountUnits, terms.Shares, terms.ExpiresAt, gatekeeper, terms.ChatRef.HexToByteArray(),
            FairShares.SeedHash(seed), new BigInteger(context.Deadline), signature[64], signature[..32], signature[32..64]), Gas);
    }

    public string? OutcomeOf(IReadOnlyList<FilterLog> logs) =>
        ChainActions.Text(ContractArtifact.RedEnvelope.FirstEvent("EnvelopeCreated", logs)?["id"]);
}
