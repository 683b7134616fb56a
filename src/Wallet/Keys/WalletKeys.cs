using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OpenChat.Chain.Wallet.Chain;
using OpenChat.Chain.Wallet.Sending;

namespace OpenChat.Chain.Wallet.Keys;

/// <summary>
/// The service's one master seed, unlocked once at start from data/wallet/seed.json (created on the first start).
/// Account 0 is the relayer; account i ≥ 1 belongs to the user with that wallet index, but for the rewarder's (<see cref="RewarderIndex"/>).
/// </summary>
public sealed partial class WalletKeys(IOptions<WalletOptions> options, IOptions<ChainOptions> chain, WalletPaths paths, ILogger<WalletKeys> logger)
    : IDisposable
{
    /// <summary>m/44'/60'/0'/0/0: the service's own account, which pays gas for every user.</summary>
    public const int RelayerIndex = 0;

    /// <summary>
    /// m/44'/60'/0'/0/2147483647: the service's rewarder, granted RewardsPool's REWARDER_ROLE at deployment. Its requests
    /// go through the outbox like a user's (the relayer pays the gas); the last non-hardened index, far from the users'
    /// indexes, which count up from 1.
    /// </summary>
    public const int RewarderIndex = int.MaxValue;

    readonly TaskCompletionSource<HdWallet> _loaded = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public string VaultPath => Path.Combine(paths.DataDirectory, "wallet", "seed.json");

    public string DevPassphrasePath => Path.Combine(paths.DataDirectory, "wallet", "dev-passphrase");

    /// <summary>Why the keys are not available, in words safe to show; null while loading or once loaded.</summary>
    public string? Problem { get; private set; }

    public HdWallet? Wallet => _loaded.Task.IsCompletedSuccessfully ? _loaded.Task.Result : null;

    /// <summary>The keys, or null if they cannot be loaded (see <see cref="Problem"/>).</summary>
    public async Task<HdWallet?> GetAsync(CancellationToken ct)
    {
        try { return await _loaded.Task.WaitAsync(ct); }
        catch (WalletKeysException) { return null; }
    }

    /// <summary>Unlocks (or creates) the vault; scrypt takes about a second at the standard cost. Idempotent.</summary>
    public void Load()
    {
        if (_loaded.Task.IsCompleted) return;
        try
        {
            var passphrase = options.Value.SeedPassphrase;
            if (string.IsNullOrEmpty(passphrase))
            {
                if (!chain.Value.UsesEmbeddedAnvil)
                    throw new WalletKeysException("Wallet:SeedPassphrase is required when Chain:RpcUrl is set");
                passphrase = DevPassphrase();
            }
            var created = !File.Exists(VaultPath);
            var wallet = SeedVault.LoadOrCreate(VaultPath, passphrase, options.Value.ScryptN);
            if (created) LogCreated(logger, VaultPath, wallet.AddressOf(RelayerIndex));
            // At the standard cost scrypt's 256 MiB buffer is now garbage on the large-object heap; left alone it holds the
            // process near 1 GB until a gen2 collection, which a quiet service may not have for hours (issue 19's soaks).
            // One collection at start-up that gives it back is what GC.Collect is for.
            if (options.Value.ScryptN >= SeedVault.StandardScryptN) GC.Collect(2, GCCollectionMode.Aggressive, blocking: true, compacting: true);
            _loaded.TrySetResult(wallet);
        }
        catch (Exception e) when (e is WalletKeysException or SeedVaultPassphraseException or InvalidDataException or IOException or UnauthorizedAccessException)
        {
            Problem = e is WalletKeysException ? e.Message : $"the seed vault {VaultPath} did not open ({e.GetType().Name})";
            LogFailed(logger, Problem);
            _loaded.TrySetException(new WalletKeysException(Problem));
        }
    }

    // The embedded chain is for development: without a configured passphrase the vault is locked with a random one kept
    // beside it (mode 600). That protects nothing against someone who can read the data folder, which is why production
    // (an external chain) must configure Wallet:SeedPassphrase, from a secret store, not from this file.
    string DevPassphrase()
    {
        if (!File.Exists(DevPassphrasePath))
        {
            Directory.CreateDirectory(Path.GetDirectoryName(DevPassphrasePath)!);
            var fresh = Convert.ToHexString(RandomNumberGenerator.GetBytes(32));
            var file = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
            if (!OperatingSystem.IsWindows()) file.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            try
            {
                using var writer = new StreamWriter(DevPassphrasePath, System.Text.Encoding.ASCII, file);
                writer.Write(fresh);
            }
            catch (IOException) when (File.Exists(DevPassphrasePath)) { /* another start won the race: use its file */ }
        }
        LogDevPassphrase(logger, DevPassphrasePath);
        return File.ReadAllText(DevPassphrasePath).Trim();
    }

    public void Dispose()
    {
        if (_loaded.Task.IsCompletedSuccessfully) _loaded.Task.Result.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Wallet:SeedPassphrase is not configured: the seed vault uses the development passphrase in {Path}. Production must configure Wallet:SeedPassphrase.")]
    static partial void LogDevPassphrase(ILogger logger, string path);

    [LoggerMessage(Level = LogLevel.Information, Message = "New master seed stored in {Path}; relayer account {Relayer}")]
    static partial void LogCreated(ILogger logger, string path, string relayer);

    [LoggerMessage(Level = LogLevel.Error, Message = "Wallet keys unavailable: {Problem}")]
    static partial void LogFailed(ILogger logger, string problem);
}

/// <summary>The wallet's keys cannot be loaded; the message names the setting or file, never key material.</summary>
public sealed class WalletKeysException(string message) : Exception(message);
