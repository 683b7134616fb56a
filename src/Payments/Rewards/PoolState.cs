using System.Numerics;
using OpenChat.Chain.Wallet.Chain;
using OpenChat.Chain.Wallet.Contracts;
using OpenChat.Chain.Wallet.Sending;

namespace OpenChat.Chain.Payments.Rewards;

/// <summary>RewardsPool's rules and means as the chain has them now (governance changes them), in base units.</summary>
public sealed record PoolState(BigInteger Welcome, BigInteger Invite, BigInteger DailyBudget, BigInteger RemainingToday, BigInteger Balance, long ChainTime)
{
    /// <summary>The chain's clock: the pool's day and the retry times follow it, not the service's.</summary>
    public DateTimeOffset Now => DateTimeOffset.FromUnixTimeSeconds(ChainTime);

    public static async Task<PoolState?> ReadAsync(ChainConnection chain, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(chain.Contracts.RewardsPool)) return null;
        var pool = chain.Web3.Eth.GetContract(ContractArtifact.RewardsPool.Abi, chain.Contracts.RewardsPool);
        Task<BigInteger> Read(string function) => pool.GetFunction(function).CallAsync<BigInteger>().WaitAsync(ChainReads.RequestTimeout, ct);
        var (welcome, invite, budget, remaining, balance) = (Read("welcomeAmount"), Read("inviteAmount"), Read("dailyBudget"), Read("remainingToday"), Read("balance"));
        var now = Wallet.Votes.VotingReads.ChainTimeAsync(chain, ct);
        return new PoolState(await welcome, await invite, await budget, await remaining, await balance, await now);
    }

    public static Task<bool> WelcomedAsync(ChainConnection chain, string account, CancellationToken ct) =>
        Flag(chain, "welcomed", account, ct);

    public static Task<bool> InvitedAsync(ChainConnection chain, string invitee, CancellationToken ct) =>
        Flag(chain, "invited", invitee, ct);

    static Task<bool> Flag(ChainConnection chain, string function, string account, CancellationToken ct) =>
        chain.Web3.Eth.GetContract(ContractArtifact.RewardsPool.Abi, chain.Contracts.RewardsPool)
            .GetFunction(function).CallAsync<bool>(account).WaitAsync(ChainReads.RequestTimeout, ct);

    /// <summary>
    /// Why the pool cannot pay <paramref name="amount"/> now, in words a newcomer understands, or null when it can; with
    /// the time to try again on the chain's clock (the next UTC day when today's budget is spent).
    /// </summary>
    public (string Reason, DateTimeOffset RetryAfter)? Refusal(BigInteger amount, TimeSpan retry)
    {
        var now = Now;
        if (amount.IsZero) return ("not paid: this reward is switched off by governance for now", now + retry);
        if (Balance < amount) return ("not paid: the rewards pool is empty until governance refills it; retried then", now + retry);
        if (RemainingToday < amount)
        {
            var tomorrow = DateTimeOffset.FromUnixTimeSeconds((ChainTime / 86_400 + 1) * 86_400);
            return ("not paid yet: today's rewards budget is spent; retried tomorrow", tomorrow);
        }
        return null;
    }
}
