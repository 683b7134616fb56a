using System.Numerics;

namespace OpenChat.Chain.Wallet.Contracts;

/// <summary>The parameters the contracts are deployed with (configuration section "Deployment").</summary>
public sealed class DeploymentSettings
{
    public const string Section = "Deployment";
    static readonly BigInteger Coin = BigInteger.Pow(10, 18);

    /// <summary>ChatCoin's supply cap, in whole coins.</summary>
    public long CapCoins { get; set; } = 1_000_000_000;

    /// <summary>Whole coins per initial holder; the deployer (the service's treasury) gets <see cref="TreasuryCoins"/>.</summary>
    public Dictionary<string, long> InitialDistribution { get; set; } = [];

    public long TreasuryCoins { get; set; } = 100_000_000;

    /// <summary>
    /// Seconds from proposal to the vote's start (the snapshot): a day, so a member who activates voting on seeing a
    /// proposal still votes on it (contracts/docs/voting-activation.md).
    /// </summary>
    public long VotingDelaySeconds { get; set; } = 24 * 3600;

    public long VotingPeriodSeconds { get; set; } = 24 * 3600;

    public long ProposalThresholdCoins { get; set; } = 1_000;

    public int QuorumPercent { get; set; } = 4;

    public long TimelockDelaySeconds { get; set; } = 3600;

    public int MaxEnvelopeShares { get; set; } = 1_000;

    /// <summary>Smallest red-envelope share in base units (0.01 CHAT).</summary>
    public string MinEnvelopeShare { get; set; } = "10000000000000000";

    /// <summary>"plain" (ERC20Votes balances at the snapshot) or "coin-age" (CoinAgeGovernor: held longer weighs more, capped).</summary>
    public string VoteWeighting { get; set; } = "plain";

    /// <summary>Coin-age: how long coins must stay delegated to earn the full bonus (seconds; 32 days).</summary>
    public long CoinAgeMaturitySeconds { get; set; } = 32 * 24 * 3600;

    /// <summary>Coin-age: the full bonus in basis points of the coins (10,000 = weight doubles).</summary>
    public int CoinAgeMaxBonusBps { get; set; } = 10_000;

    public bool CoinAge => VoteWeighting.Equals("coin-age", StringComparison.OrdinalIgnoreCase);

    public static BigInteger ToBaseUnits(long coins) => coins * Coin;
}
