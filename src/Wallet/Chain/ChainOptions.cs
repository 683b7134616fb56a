namespace OpenChat.Chain.Wallet.Chain;

/// <summary>Which EVM chain the service uses. Without an RPC URL it runs its own anvil (the embedded default).</summary>
public sealed class ChainOptions
{
    public const string Section = "Chain";

    /// <summary>An external chain's JSON-RPC URL; null or empty starts the embedded anvil.</summary>
    public string? RpcUrl { get; set; }

    /// <summary>The deployer's private key (hex) for an external chain. Never logged.</summary>
    public string? DeployerPrivateKey { get; set; }

    /// <summary>The anvil executable; found under contracts/node_modules/.bin when empty.</summary>
    public string? AnvilPath { get; set; }

    /// <summary>Seconds between the embedded anvil's blocks.</summary>
    public int BlockTimeSeconds { get; set; } = 1;

    public bool UsesEmbeddedAnvil => string.IsNullOrWhiteSpace(RpcUrl);
}
