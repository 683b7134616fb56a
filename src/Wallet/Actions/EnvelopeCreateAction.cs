using System.Globalization;
using System.Numerics;
using Nethereum.Hex.HexConvertors.Extensions;
using Nethereum.RPC.Eth.DTOs;
using OpenChat.Chain.Wallet.Contracts;
using OpenChat.Chain.Wallet.Keys;
using OpenChat.Chain.Wallet.Sending;

namespace OpenChat.Chain.Wallet.Actions;

public sealed record EnvelopeCreateDetails(uint Shares, bool Equal, ulong ExpiresAt, string ChatRef);

/// <summary>
/// RedEnvelope.createWithPermit(...): the envelope pulls the row's amount through an EIP-2612 permit in the same call; the
/// relayer's key is the gatekeeper that vouches for chat membership. Outcome: the new envelope's id.
/// </summary>
public sealed class EnvelopeCreateAction : IChainAction
{
    /// <summary>RedEnvelope.createWithPermit, with headroom.</summary>
    public static readonly BigInteger Gas = 260_000;

    public TransferKind Kind => TransferKind.EnvelopeCreate;

    public async ValueTask<ChainCall> CallAsync(OutgoingTransfer row, ActionContext context, CancellationToken ct)
    {
        var terms = ChainActions.Read<EnvelopeCreateDetails>(row);
        var contracts = context.Chain.Contracts;
        var signature = await Permit.SignAsync(row, contracts.RedEnvelope, context, ct);
        return new ChainCall(contracts.RedEnvelope, ContractArtifact.RedEnvelope.Encode("createWithPermit",
            contracts.ChatCoin, row.AmountUnits, terms.Shares, terms.Equal ? (byte)1 : (byte)0, terms.ExpiresAt,
            context.Wallet.AddressOf(WalletKeys.RelayerIndex), terms.ChatRef.HexToByteArray(), new BigInteger(context.Deadline),
            signature[64], signature[..32], signature[32..64]), Gas);
    }

    public string? OutcomeOf(IReadOnlyList<FilterLog> logs) =>
        ChainActions.Text(ContractArtifact.RedEnvelope.FirstEvent("EnvelopeCreated", logs)?["id"]);
}
