using System.Numerics;

namespace OpenChat.Chain.Wallet.Contracts;

/// <summary>The parameters the contracts are deployed with (configuration section "Deployment").</summary>
public sealed class DeploymentSettings
{
    public const string Section = "Deployment";
    static readonly BigInteger Coin = BigInteger.Pow(10, 18);

    /// <summary>ChatCoin's supply cap, in whole coins.</summary>
    public long CapCoins { get; set; } = 1_000_000_000;

    /// <summary>Whole coins per initial holder, besides the treasury and the rewards pool.</summary>
    public Dictionary<string, long> InitialDistribution { get; set; } = [];

    /// <summary>Whole coins minted to the timelock: the treasury belongs to governance, moved only by a proposal.</summary>
    public long TreasuryCoins { get; set; } = 99_000_000;

    /// <summary>Whole coins minted to the rewards pool, so the first welcome rewards need no proposal.</summary>
    public long RewardsPoolCoins { get; set; } = 1_000_000;

    /// <summary>The welcome reward (whole coins), paid once per account that finished passkey sign-up.</summary>
    public long WelcomeRewardCoins { get; set; } = 100;

    /// <summary>The invite reward (whole coins) each side receives when an invited person signs up and sends a first message.</summary>
    public long InviteRewardCoins { get; set; } = 50;

    /// <summary>The most the rewards pool pays per UTC day (whole coins): a farm of accounts drains a day, not the pool.</summary>
    public long RewardsDailyBudgetCoins { get; set; } = 10_000;

    /// <summary>
    /// Tests only: whole coins minted to the deployer key so a test can fund its users directly. 0 (the default, and
    /// what production runs) leaves the service's key without coins: it keeps only ETH for the relayer's gas.
    /// </summary>
    public long TestFundingCoins { get; set; }

    /// <summary>
    /// Seconds from proposal to the vote's start (the snapshot): a day, so a member who activates voting on seeing a
    /// proposal still votes on it (contracts/docs/voting-activation.md).
    /// </summary>
    public long VotingDelaySeconds { get; set; } = 24 * 3600;

    public long VotingPeriodSeconds { get; set; } = 24 * 3600;

    /// <summary>Votes needed to propose: one welcome reward, so any welcomed member (or a few who delegate) can propose.</summary>
    public long ProposalThresholdCoins { get; set; } = 100;

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
