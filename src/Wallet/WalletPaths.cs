namespace OpenChat.Chain.Wallet;

/// <summary>Where the service keeps its files: the data folder (database, chain state, keystore).</summary>
public sealed record WalletPaths(string ContentRoot, string DataDirectory)
{
    public string AnvilStateFile => Path.Combine(DataDirectory, "chain", "anvil-state.json");
}
