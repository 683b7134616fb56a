using System.Numerics;
using OpenChat.Chain.Messaging.Circles;
using OpenChat.Chain.Wallet.Chain;
using OpenChat.Chain.Wallet.Sending;
using OpenChat.Chain.Wallet.Votes;

namespace OpenChat.Chain.Payments.Circles;

/// <summary>What a hold-to-join circle counts for an address: its CHAT balance, or its voting power as of the last block.</summary>
public static class CircleHolding
{
    public static async Task<BigInteger> OfAsync(ChainConnection chain, CircleInfo circle, string address, CancellationToken ct) =>
        circle.HoldMeasuresVotes
            ? await chain.VotesAtAsync(address, await chain.ChainTimeAsync(ct) - 1, ct)
            : await chain.CoinBalanceAsync(address, ct);

    public static string Unit(CircleInfo circle) => circle.HoldMeasuresVotes ? "votes" : "CHAT";

    static CircleAccess AccessOf(CircleInfo circle) => Enum.Parse<CircleAccess>(circle.Access);

    /// <summary>Joining costs a payment (Pay, PayAndHold).</summary>
    public static bool IsPaid(this CircleInfo circle) => AccessOf(circle) is CircleAccess.Pay or CircleAccess.PayAndHold;

    /// <summary>Joining and staying take a minimum holding (Hold, PayAndHold).</summary>
    public static bool IsHeld(this CircleInfo circle) => AccessOf(circle) is CircleAccess.Hold or CircleAccess.PayAndHold;
}
