using System.Numerics;
using OpenChat.Chain.Payments.Rewards;

namespace OpenChat.Chain.Api.Tests.Rewards;

/// <summary>Why the pool cannot pay now, in a newcomer's words, and when the keeper tries again (on the chain's clock).</summary>
public sealed class PoolStateTests
{
    static readonly BigInteger Coin = BigInteger.Pow(10, 18);
    // 2026-12-05 13:00:00 UTC on the chain's clock.
    static readonly long Noon = new DateTimeOffset(2026, 12, 5, 13, 0, 0, TimeSpan.Zero).ToUnixTimeSeconds();
    static PoolState Pool(long remaining, long balance) => new(100 * Coin, 50 * Coin, 10_000 * Coin, remaining * Coin, balance * Coin, Noon);

    [Fact]
    public void Refusal_WhenTodaysBudgetIsSpent_SaysSoAndRetriesAtTheNextUtcDay()
    {
        var (reason, retryAfter) = Pool(remaining: 99, balance: 1_000_000).Refusal(100 * Coin, TimeSpan.FromMinutes(1))!.Value;

        Assert.Equal("not paid yet: today's rewards budget is spent; retried tomorrow", reason);
        Assert.Equal(new DateTimeOffset(2026, 12, 6, 0, 0, 0, TimeSpan.Zero), retryAfter);
    }

    [Fact]
    public void Refusal_WhenThePoolIsEmpty_SaysSoAndRetriesSoon()
    {
        var (reason, retryAfter) = Pool(remaining: 10_000, balance: 99).Refusal(100 * Coin, TimeSpan.FromMinutes(1))!.Value;

        Assert.Equal("not paid: the rewards pool is empty until governance refills it; retried then", reason);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(Noon + 60), retryAfter);
    }

    [Fact]
    public void Refusal_OfARewardSwitchedOff_SaysGovernanceSwitchedItOff()
    {
        Assert.Contains("switched off", Pool(10_000, 1_000_000).Refusal(BigInteger.Zero, TimeSpan.FromMinutes(1))!.Value.Reason);
    }

    [Fact]
    public void Refusal_WhenBudgetAndBalanceCoverIt_IsNone()
    {
        Assert.Null(Pool(remaining: 100, balance: 100).Refusal(100 * Coin, TimeSpan.FromMinutes(1)));
    }
}
