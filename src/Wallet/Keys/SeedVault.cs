using System.Numerics;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Nethereum.KeyStore;
using Nethereum.KeyStore.Crypto;
using Nethereum.KeyStore.JsonDeserialisation;
using Nethereum.KeyStore.Model;

namespace OpenChat.Chain.Wallet.Keys;

/// <summary>
/// The master seed at rest: one Web3 Secret Storage v3 file (scrypt, AES-128-CTR, keccak MAC) holding the BIP-39 seed,
/// encrypted under a passphrase from configuration. The first start creates it, later starts decrypt it.
/// </summary>
public static class SeedVault
{
    /// <summary>geth's StandardScryptN (with r = 8, p = 1): 256 MiB and about a second per unlock. Tests pass less.</summary>
    public const int StandardScryptN = 262_144;

    const int ScryptR = 8;
    const int ScryptP = 1;

    /// <summary>Decrypts the vault at <paramref name="path"/>, or creates it with a new 24-word seed if there is no file.</summary>
    /// <exception cref="SeedVaultPassphraseException">The file exists and the passphrase does not open it.</exception>
    public static HdWallet LoadOrCreate(string path, string passphrase, int scryptN = StandardScryptN)
    {
        if (File.Exists(path)) return Load(path, passphrase);
        var wallet = HdWallet.CreateNew();
        var saved = false;
        try
        {
            Save(wallet, path, passphrase, scryptN);
            saved = true;
            return wallet;
        }
        catch (IOException) when (File.Exists(path))
        {
            return Load(path, passphrase); // another instance on the same data folder created it first: everyone uses that one
        }
        finally
        {
            if (!saved) wallet.Dispose();
        }
    }

    /// <exception cref="SeedVaultPassphraseException">The passphrase does not open the file.</exception>
    /// <exception cref="InvalidDataException">The file is not Web3 Secret Storage v3 with scrypt.</exception>
    public static HdWallet Load(string path, string passphrase)
    {
        var json = File.ReadAllText(path, Encoding.UTF8);
        RequireScryptV3(json, path);
        byte[] seed;
        try
        {
            seed = new KeyStoreScryptService().DecryptCryptoStoreFromJson(passphrase, json);
        }
        catch (DecryptionException)
        {
            // Web3 Secret Storage: a MAC mismatch means a wrong passphrase (or a tampered file). No inner exception:
            // nothing about the key derivation goes further.
            throw new SeedVaultPassphraseException(path);
        }
        try { return HdWallet.FromSeed(seed); }
        finally { CryptographicOperations.ZeroMemory(seed); }
    }

    /// <summary>Encrypts the wallet's seed into a new file; never replaces an existing one (that would lose every account).</summary>
    /// <exception cref="IOException">The file already exists.</exception>
    public static void Save(HdWallet wallet, string path, string passphrase, int scryptN = StandardScryptN)
    {
        ArgumentException.ThrowIfNullOrEmpty(passphrase);
        // scrypt (RFC 7914): N is a power of two greater than 1.
        if (scryptN < 2 || !BitOperations.IsPow2(scryptN))
            throw new ArgumentOutOfRangeException(nameof(scryptN), scryptN, "scrypt N must be a power of two greater than 1");

        var seed = wallet.Seed.ToArray();
        string json;
        try
        {
            var kdf = new ScryptParams { Dklen = 32, N = scryptN, R = ScryptR, P = ScryptP };
            json = JsonCryptoStoreSerialiser.Serialise(new KeyStoreScryptService().EncryptAndGenerateCryptoStore(passphrase, seed, kdf));
        }
        finally { CryptographicOperations.ZeroMemory(seed); }
        WriteNewFile(Path.GetFullPath(path), json);
    }

    // Write a temporary file in the same directory, flush it to disk, then rename: a crash leaves either no vault or a
    // whole one. Security: the file is created 600, so the ciphertext is never readable by other users, even briefly.
    static void WriteNewFile(string path, string content)
    {
        var directory = Path.GetDirectoryName(path)!;
        if (OperatingSystem.IsWindows()) Directory.CreateDirectory(directory);
        else Directory.CreateDirectory(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var temporary = Path.Combine(directory, $".{Path.GetFileName(path)}.{Guid.NewGuid():N}.tmp");
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None };
        if (!OperatingSystem.IsWindows()) options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        try
        {
            using (var stream = new FileStream(temporary, options))
            {
                stream.Write(Encoding.UTF8.GetBytes(content));
                stream.Flush(flushToDisk: true);
            }
            File.Move(temporary, path, overwrite: false);
        }
        finally
        {
            File.Delete(temporary); // no-op once moved
        }
    }

    static void RequireScryptV3(string json, string path)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            var root = document.RootElement;
            if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("version", out var version) && version.ValueKind == JsonValueKind.Number
                && version.TryGetInt32(out var number) && number == 3
                && root.TryGetProperty("crypto", out var crypto) && crypto.ValueKind == JsonValueKind.Object
                && crypto.TryGetProperty("kdf", out var kdf) && kdf.ValueKind == JsonValueKind.String && kdf.GetString() == KeyStoreScryptService.KdfType)
                return;
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"The seed vault {path} is not JSON", e);
        }
        throw new InvalidDataException($"The seed vault {path} is not Web3 Secret Storage v3 with scrypt");
    }
}

/// <summary>The seed vault's passphrase is wrong: the file's MAC does not match the key derived from it.</summary>
public sealed class SeedVaultPassphraseException(string path)
    : Exception($"The seed vault {path} did not open: wrong passphrase (the MAC does not match)")
{
    public string VaultPath { get; } = path;
}
