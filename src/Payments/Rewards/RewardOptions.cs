namespace OpenChat.Chain.Payments.Rewards;

/// <summary>The service's anti-abuse limits on welcome rewards (configuration section "Rewards").</summary>
public sealed class RewardOptions
{
    public const string Section = "Rewards";

    /// <summary>Welcome rewards per sign-up IP address in 24 hours; sign-ups beyond it still work, unrewarded.</summary>
    public int WelcomePerIpPerDay { get; set; } = 3;

    /// <summary>Welcome rewards per device (the web client's device id) in 24 hours.</summary>
    public int WelcomePerDevicePerDay { get; set; } = 1;

    /// <summary>How soon an attempt the chain refused (a race with the budget, a relayer outage) is tried again.</summary>
    public int RetrySeconds { get; set; } = 60;
}
