using System.Numerics;
using Nethereum.RPC.Eth.DTOs;
using OpenChat.Chain.Wallet.Contracts;
using OpenChat.Chain.Wallet.Sending;

namespace OpenChat.Chain.Wallet.Actions;

/// <param name="Inviter">The inviter's address; the invitee is the row's <see cref="OutgoingTransfer.To"/>.</param>
public sealed record RewardInviteDetails(string Inviter);

/// <summary>
/// RewardsPool.payInvite(inviter, invitee), from the service's rewarder account: both sides are paid, once per invitee
/// (the pool refuses a second time). Outcome: what each side received.
/// </summary>
public sealed class RewardInviteAction : IChainAction
{
    /// <summary>RewardsPoolTest.payInvite (two transfers out of the pool), with room for two voters' checkpoints.</summary>
    public static readonly BigInteger Gas = 260_000;

    public TransferKind Kind => TransferKind.RewardInvite;

    public ValueTask<ChainCall> CallAsync(OutgoingTransfer row, ActionContext context, CancellationToken ct) =>
        ValueTask.FromResult(new ChainCall(context.Chain.Contracts.RewardsPool,
            ContractArtifact.RewardsPool.Encode("payInvite", ChainActions.Read<RewardInviteDetails>(row).Inviter, row.To), Gas));

    public string? OutcomeOf(IReadOnlyList<FilterLog> logs) =>
        ChainActions.Text(ContractArtifact.RewardsPool.FirstEvent("InviteRewardPaid", logs)?["amount"]);
}
