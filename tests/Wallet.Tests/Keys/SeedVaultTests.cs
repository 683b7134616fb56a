using System.Text.Json;
using NBitcoin;
using Nethereum.Hex.HexConvertors.Extensions;
using OpenChat.Chain.Wallet.Keys;

namespace OpenChat.Chain.Wallet.Tests.Keys;

public sealed class SeedVaultTests : IDisposable
{
    // scrypt N = 2^10 instead of 2^18: the same code path in milliseconds instead of a second and 256 MiB.
    const int FastScryptN = 1024;
    const string Passphrase = "correct horse battery staple";
    const string TestMnemonic = "test test test test test test test test test test test junk";

    readonly string _directory = Directory.CreateTempSubdirectory("seed-vault-").FullName;

    string VaultPath => Path.Combine(_directory, "keys", "seed.json");

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void LoadOrCreate_SecondStart_DecryptsTheSeedTheFirstStartCreated()
    {
        string address, key;
        using (var first = SeedVault.LoadOrCreate(VaultPath, Passphrase, FastScryptN))
        {
            address = first.AddressOf(5);
            key = first.ExportPrivateKey(5);
        }

        using var second = SeedVault.LoadOrCreate(VaultPath, Passphrase, FastScryptN);

        Assert.Equal(address, second.AddressOf(5));
        Assert.Equal(key, second.ExportPrivateKey(5));
    }

    [Fact]
    public void LoadOrCreate_WrongPassphrase_ThrowsSeedVaultPassphraseException()
    {
        SeedVault.LoadOrCreate(VaultPath, Passphrase, FastScryptN).Dispose();

        var error = Assert.Throws<SeedVaultPassphraseException>(() => SeedVault.LoadOrCreate(VaultPath, "Correct horse battery staple", FastScryptN));

        Assert.Equal(Path.GetFullPath(VaultPath), Path.GetFullPath(error.VaultPath));
        Assert.Contains("wrong passphrase", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("horse", error.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Null(error.InnerException);
    }

    [Fact]
    public void Save_KnownMnemonic_FileHoldsNoSeedWordsOrKeysInPlaintext()
    {
        using var wallet = HdWallet.FromMnemonic(TestMnemonic);
        var seedHex = new Mnemonic(TestMnemonic, Wordlist.English).DeriveSeed().ToHex();

        SeedVault.Save(wallet, VaultPath, Passphrase, FastScryptN);

        var file = File.ReadAllText(VaultPath);
        Assert.DoesNotContain("junk", file, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("test", file, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(seedHex, file, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(seedHex[..16], file, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(wallet.ExportPrivateKey(0)[2..], file, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(Passphrase, file, StringComparison.Ordinal);
        using var reloaded = SeedVault.Load(VaultPath, Passphrase);
        Assert.Equal("0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266", reloaded.AddressOf(0));
    }

    [Fact]
    public void LoadOrCreate_NewFile_IsOwnerReadWriteOnly()
    {
        if (OperatingSystem.IsWindows()) Assert.Skip("Unix file modes");

        SeedVault.LoadOrCreate(VaultPath, Passphrase, FastScryptN).Dispose();

        if (!OperatingSystem.IsWindows()) // for the platform analyzer, which does not see that Skip throws
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(VaultPath));
        Assert.Equal([VaultPath], Directory.GetFiles(Path.GetDirectoryName(VaultPath)!)); // the temporary file was renamed
    }

    [Fact]
    public void Save_AnyWallet_WritesWeb3SecretStorageV3WithScrypt()
    {
        using var wallet = HdWallet.CreateNew();

        SeedVault.Save(wallet, VaultPath, Passphrase, FastScryptN);

        // Web3 Secret Storage Definition v3: version 3, AES-128-CTR, scrypt with dklen 32, 32-byte keccak MAC.
        using var json = JsonDocument.Parse(File.ReadAllText(VaultPath));
        var root = json.RootElement;
        Assert.Equal(3, root.GetProperty("version").GetInt32());
        Assert.True(Guid.TryParse(root.GetProperty("id").GetString(), out _));
        var crypto = root.GetProperty("crypto");
        Assert.Equal("scrypt", crypto.GetProperty("kdf").GetString());
        Assert.Equal("aes-128-ctr", crypto.GetProperty("cipher").GetString());
        Assert.Equal(16, crypto.GetProperty("cipherparams").GetProperty("iv").GetString()!.HexToByteArray().Length);
        Assert.Equal(64, crypto.GetProperty("ciphertext").GetString()!.HexToByteArray().Length); // the 512-bit BIP-39 seed
        Assert.Equal(32, crypto.GetProperty("mac").GetString()!.HexToByteArray().Length);
        var kdf = crypto.GetProperty("kdfparams");
        Assert.Equal(FastScryptN, kdf.GetProperty("n").GetInt32());
        Assert.Equal(8, kdf.GetProperty("r").GetInt32());
        Assert.Equal(1, kdf.GetProperty("p").GetInt32());
        Assert.Equal(32, kdf.GetProperty("dklen").GetInt32());
        Assert.Equal(32, kdf.GetProperty("salt").GetString()!.HexToByteArray().Length);
    }

    [Fact]
    public void Save_FileAlreadyThere_RefusesToReplaceIt()
    {
        using var first = HdWallet.CreateNew();
        using var second = HdWallet.CreateNew();
        SeedVault.Save(first, VaultPath, Passphrase, FastScryptN);

        Assert.Throws<IOException>(() => SeedVault.Save(second, VaultPath, Passphrase, FastScryptN));

        using var kept = SeedVault.Load(VaultPath, Passphrase);
        Assert.Equal(first.AddressOf(0), kept.AddressOf(0));
        Assert.Single(Directory.GetFiles(Path.GetDirectoryName(VaultPath)!));
    }

    [Fact]
    public void Save_EmptyPassphrase_IsRefused()
    {
        using var wallet = HdWallet.CreateNew();

        Assert.Throws<ArgumentException>(() => SeedVault.Save(wallet, VaultPath, "", FastScryptN));
        Assert.False(File.Exists(VaultPath));
    }

    [Fact]
    public void Load_Web3SecretStorageScryptTestVector_DecryptsToTheVectorKey()
    {
        // The scrypt test vector of the Web3 Secret Storage Definition (ethereum.org, "Test vectors"): password
        // "testpassword", secret 7a28b5ba…14fe9d. Real cost: n = 2^18, r = 1, p = 8.
        File.WriteAllText(Path.Combine(_directory, "vector.json"), """
            {
                "crypto" : {
                    "cipher" : "aes-128-ctr",
                    "cipherparams" : { "iv" : "83dbcc02d8ccb40e466191a123791e0e" },
                    "ciphertext" : "d172bf743a674da9cdad04534d56926ef8358534d458fffccd4e6ad2fbde479c",
                    "kdf" : "scrypt",
                    "kdfparams" : {
                        "dklen" : 32,
                        "n" : 262144,
                        "p" : 8,
                        "r" : 1,
                        "salt" : "ab0c7876052600dd703518d6fc3fe8984592145b591fc8fb5c6d43190334ba19"
                    },
                    "mac" : "2103ac29920d71da29f15d75b4a16dbe95cfd7ff8faea1056c33131d846e3097"
                },
                "id" : "3198bc9c-6672-5ab3-d995-4942343ae5b6",
                "version" : 3
            }
            """);

        using var decrypted = SeedVault.Load(Path.Combine(_directory, "vector.json"), "testpassword");

        // The vault's payload is a BIP-32 seed, so compare what the decrypted bytes derive with what the expected ones do.
        using var expected = HdWallet.FromSeed("7a28b5ba57c53603b0b07b56bba752f7784bf506fa95edc395f5cf6c7514fe9d".HexToByteArray());
        Assert.Equal(expected.ExportPrivateKey(0), decrypted.ExportPrivateKey(0));
        Assert.Equal(expected.AddressOf(3), decrypted.AddressOf(3));
    }

    [Fact]
    public void Load_Pbkdf2File_IsNotAccepted()
    {
        // The PBKDF2 test vector of the Web3 Secret Storage Definition (ethereum.org): a valid v3 file, but not ours.
        File.WriteAllText(VaultPathDirectoryFile("pbkdf2.json"), """
            {
                "crypto" : {
                    "cipher" : "aes-128-ctr",
                    "cipherparams" : { "iv" : "6087dab2f9fdbbfaddc31a909735c1e6" },
                    "ciphertext" : "5318b4d5bcd28de64ee5559e671353e16f075ecae9f99c7a79a38af5f869aa46",
                    "kdf" : "pbkdf2",
                    "kdfparams" : {
                        "c" : 262144,
                        "dklen" : 32,
                        "prf" : "hmac-sha256",
                        "salt" : "ae3cd4e7013836a3df6bd7241b12db061dbe2c6785853cce422d148a624ce0bd"
                    },
                    "mac" : "517ead924a9d0dc3124507e3393d175ce3ff7c1e96529c6c555ce9e51205e9b2"
                },
                "id" : "3198bc9c-6672-5ab3-d995-4942343ae5b6",
                "version" : 3
            }
            """);

        Assert.Throws<InvalidDataException>(() => SeedVault.Load(VaultPathDirectoryFile("pbkdf2.json"), "testpassword"));
    }

    string VaultPathDirectoryFile(string name) => Path.Combine(_directory, name);
}
