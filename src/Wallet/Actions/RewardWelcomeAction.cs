using System.Numerics;
using Nethereum.RPC.Eth.DTOs;
using OpenChat.Chain.Wallet.Contracts;
using OpenChat.Chain.Wallet.Sending;

namespace OpenChat.Chain.Wallet.Actions;

/// <summary>
/// RewardsPool.payWelcome(account), sent from the service's rewarder account (<see cref="Keys.WalletKeys.RewarderIndex"/>,
/// which holds REWARDER_ROLE): <see cref="OutgoingTransfer.To"/> is the newcomer. The pool pays at most once per account, so
/// a retry under another key can never pay twice. Outcome: the amount paid.
/// </summary>
public sealed class RewardWelcomeAction : IChainAction
{
    /// <summary>RewardsPoolTest.payWelcome (cold pool slots, a governance-held checkpoint), with room for a newcomer who votes.</summary>
    public static readonly BigInteger Gas = 200_000;

    public TransferKind Kind => TransferKind.RewardWelcome;

    public ValueTask<ChainCall> CallAsync(OutgoingTransfer row, ActionContext context, CancellationToken ct) =>
        ValueTask.FromResult(new ChainCall(context.Chain.Contracts.RewardsPool, ContractArtifact.RewardsPool.Encode("payWelcome", row.To), Gas));

    public string? OutcomeOf(IReadOnlyList<FilterLog> logs) =>
        ChainActions.Text(ContractArtifact.RewardsPool.FirstEvent("WelcomeRewardPaid", logs)?["amount"]);
}
