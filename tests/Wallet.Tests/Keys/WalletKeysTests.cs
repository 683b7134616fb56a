using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using OpenChat.Chain.Wallet.Chain;
using OpenChat.Chain.Wallet.Keys;
using OpenChat.Chain.Wallet.Sending;

namespace OpenChat.Chain.Wallet.Tests.Keys;

public sealed class WalletKeysTests : IDisposable
{
    readonly string _data = Path.Combine(Path.GetTempPath(), "openchat-tests", "keys-" + Guid.NewGuid().ToString("N"));

    WalletKeys Keys(string? passphrase = null, string? rpcUrl = null) => new(
        Options.Create(new WalletOptions { SeedPassphrase = passphrase, ScryptN = 1024 }),
        Options.Create(new ChainOptions { RpcUrl = rpcUrl }),
        new WalletPaths(_data, _data),
        NullLogger<WalletKeys>.Instance);

    [Fact]
    public async Task WalletKeys_EmbeddedChainWithoutPassphrase_CreatesAPrivateDevPassphraseAndTheSameSeedOnRestart()
    {
        using var first = Keys();
        first.Load();
        var relayer = (await first.GetAsync(TestContext.Current.CancellationToken))!.AddressOf(WalletKeys.RelayerIndex);

        Assert.True(File.Exists(first.VaultPath));
        if (!OperatingSystem.IsWindows())
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(first.DevPassphrasePath));
        Assert.DoesNotContain(File.ReadAllText(first.DevPassphrasePath).Trim(), File.ReadAllText(first.VaultPath)); // the vault is encrypted under it

        using var second = Keys();
        second.Load();
        Assert.Equal(relayer, (await second.GetAsync(TestContext.Current.CancellationToken))!.AddressOf(WalletKeys.RelayerIndex));
    }

    [Fact]
    public async Task WalletKeys_ExternalChainWithoutPassphrase_AreUnavailableAndSaySo()
    {
        using var keys = Keys(rpcUrl: "http://127.0.0.1:1");
        keys.Load();

        Assert.Null(await keys.GetAsync(TestContext.Current.CancellationToken));
        Assert.Contains("Wallet:SeedPassphrase", keys.Problem);
        Assert.False(File.Exists(keys.VaultPath));
    }

    [Fact]
    public async Task WalletKeys_WrongPassphraseForAnExistingVault_AreUnavailableWithoutDetails()
    {
        using (var first = Keys(passphrase: "right horse battery"))
            first.Load();
        using var keys = Keys(passphrase: "wrong horse battery");
        keys.Load();

        Assert.Null(await keys.GetAsync(TestContext.Current.CancellationToken));
        Assert.DoesNotContain("horse", keys.Problem);
    }

    public void Dispose()
    {
        if (Directory.Exists(_data)) Directory.Delete(_data, recursive: true);
    }
}
