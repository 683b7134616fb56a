namespace OpenChat.Chain.Wallet.Sending;

/// <summary>The "Wallet" configuration section: the seed vault's passphrase and the relayer's sending policy.</summary>
public sealed class WalletOptions
{
    public const string Section = "Wallet";

    /// <summary>Opens data/wallet/seed.json. Required for an external chain; never logged, never returned.</summary>
    public string? SeedPassphrase { get; set; }

    /// <summary>scrypt cost of a new seed vault (a power of two); geth's standard unless tests ask for less.</summary>
    public int ScryptN { get; set; } = Keys.SeedVault.StandardScryptN;

    /// <summary>/health is Degraded below this relayer balance (ETH); on the embedded chain the relayer is topped up below it.</summary>
    public decimal RelayerMinimumEth { get; set; } = 1;

    /// <summary>What the deployer sends the relayer when it is topped up (ETH).</summary>
    public decimal RelayerTopUpEth { get; set; } = 100;

    /// <summary>Top the relayer up from the deployer account; null means "only on the embedded anvil".</summary>
    public bool? FundRelayer { get; set; }

    /// <summary>A transaction without a receipt for this long is replaced with higher fees (same nonce).</summary>
    public double StuckAfterSeconds { get; set; } = 60;

    /// <summary>How often the broadcaster looks for work and receipts when nothing wakes it.</summary>
    public int PollMilliseconds { get; set; } = 500;

    /// <summary>How long a signed forward request stays valid (its EIP-712 deadline).</summary>
    public double RequestLifetimeHours { get; set; } = 24 * 7;

    /// <summary>
    /// Mined transfers this many blocks below the head or closer are still checked against reorgs (their block's hash);
    /// deeper ones are final.
    /// </summary>
    public int ReorgWindowBlocks { get; set; } = 64;
}
