using System.Globalization;
using System.Numerics;
using OpenChat.Chain.Wallet.Contracts;
using OpenChat.Chain.Wallet.Sending;

namespace OpenChat.Chain.Wallet.Actions;

public sealed record CircleSettleDetails(string CircleId, string[] Members);

/// <summary>CircleAccess.settle(circleId, members): releases what members paid for elapsed periods and, after a close, refunds the rest.</summary>
public sealed class CircleSettleAction : IChainAction
{
    /// <summary>The call and the payout to the circle's owner and treasury.</summary>
    public static readonly BigInteger BaseGas = 120_000;

    /// <summary>One member's settlement: CircleAccessGasTest.settle_refundOneMember, with room for a refund to a voter's checkpoints.</summary>
    public static readonly BigInteger GasPerMember = 80_000;

    /// <summary>
    /// Members one settle request may carry: the request then needs at most 3.32M gas, under the share of a 30M block that one
    /// relayer batch may take (a block's gas limit / the broadcaster's 8 batches a block), so it still fits a batch of its own.
    /// </summary>
    public const int MaxMembers = 40;

    public TransferKind Kind => TransferKind.CircleSettle;

    public static BigInteger GasFor(int members) => members is >= 0 and <= MaxMembers ? BaseGas + GasPerMember * members
        : throw new ArgumentOutOfRangeException(nameof(members), members, $"A settle request carries at most {MaxMembers} members");

    public ValueTask<ChainCall> CallAsync(OutgoingTransfer row, ActionContext context, CancellationToken ct)
    {
        var settle = ChainActions.Read<CircleSettleDetails>(row);
        return ValueTask.FromResult(new ChainCall(context.Chain.Contracts.CircleAccess, ContractArtifact.CircleAccess.Encode("settle",
            BigInteger.Parse(settle.CircleId, CultureInfo.InvariantCulture), settle.Members.ToList()), GasFor(settle.Members.Length)));
    }
}
