using System.Collections.Concurrent;
using System.Security.Cryptography;
using NBitcoin;
using NBitcoin.Secp256k1;
using Nethereum.Hex.HexConvertors.Extensions;
using Nethereum.Model;
using Nethereum.Util;

namespace OpenChat.Chain.Wallet.Keys;

/// <summary>
/// The custodial master key: one BIP-39 seed, one Ethereum account per user at m/44'/60'/0'/0/i. Signs for an
/// account without handing its key out; <see cref="ExportPrivateKey"/> is the only way a key leaves.
/// </summary>
public sealed class HdWallet : IDisposable
{
    /// <summary>BIP-44 purpose 44', SLIP-44 coin type 60' (Ether), account 0', external chain 0: MetaMask, ethers and anvil.</summary>
    public const string AccountPath = "m/44'/60'/0'/0";

    readonly byte[] _seed;
    readonly ExtKey _branch;
    readonly ConcurrentDictionary<int, DerivedAccount> _accounts = new();
    bool _disposed;

    HdWallet(byte[] seed)
    {
        // BIP-32: a seed of 128 to 512 bits. BIP-39 seeds are 512 bits.
        if (seed.Length is < 16 or > 64)
            throw new ArgumentException($"A BIP-32 seed has 16 to 64 bytes, not {seed.Length}", nameof(seed));
        _seed = seed;
        var master = ExtKey.CreateFromSeed(seed);
        _branch = master.Derive(KeyPath.Parse(AccountPath));
        master.PrivateKey.Dispose();
    }

    /// <summary>A new master seed: 256 bits from the OS CSPRNG, i.e. a 24-word English mnemonic, no BIP-39 passphrase.</summary>
    public static HdWallet CreateNew()
    {
        var entropy = RandomNumberGenerator.GetBytes(32);
        try { return FromEntropy(entropy); }
        finally { CryptographicOperations.ZeroMemory(entropy); }
    }

    /// <summary>BIP-39: entropy (16 to 32 bytes) → English mnemonic → seed.</summary>
    public static HdWallet FromEntropy(ReadOnlySpan<byte> entropy, string passphrase = "")
    {
        var copy = entropy.ToArray();
        try { return new HdWallet(new Mnemonic(Wordlist.English, copy).DeriveSeed(passphrase)); }
        finally { CryptographicOperations.ZeroMemory(copy); }
    }

    /// <summary>BIP-39: mnemonic (+ optional passphrase) → seed. The mnemonic string is not kept.</summary>
    public static HdWallet FromMnemonic(string mnemonic, string passphrase = "")
    {
        Mnemonic parsed;
        try
        {
            parsed = new Mnemonic(mnemonic, Wordlist.English);
        }
        catch (FormatException)
        {
            // Security: no inner exception and no words in the message; it may reach a log.
            throw new ArgumentException("Not a BIP-39 English mnemonic (word count or unknown word)", nameof(mnemonic));
        }
        if (!parsed.IsValidChecksum)
            throw new ArgumentException("Not a BIP-39 English mnemonic (checksum)", nameof(mnemonic));
        return new HdWallet(parsed.DeriveSeed(passphrase));
    }

    /// <summary>A BIP-32 master seed as it is (e.g. from <see cref="SeedVault"/>); the bytes are copied.</summary>
    public static HdWallet FromSeed(ReadOnlySpan<byte> seed) => new(seed.ToArray());

    /// <summary>The EIP-55 checksummed address of account <paramref name="index"/>.</summary>
    public string AddressOf(int index) => Account(index).Address;

    /// <summary>
    /// Signs an EIP-2718 typed transaction (EIP-1559, EIP-2930, EIP-7702) as account <paramref name="index"/>, sets its
    /// signature and returns the raw bytes for eth_sendRawTransaction.
    /// </summary>
    public byte[] SignTransaction(int index, SignedTypeTransaction transaction) =>
        FastSecp256k1Signer.SignTransaction(Account(index).Secret, transaction);

    /// <summary>Signs a 32-byte digest (EIP-712, EIP-191) as account <paramref name="index"/>: r ‖ s ‖ v with v = 27 or 28.</summary>
    public byte[] SignDigest(int index, ReadOnlySpan<byte> digest) => FastSecp256k1Signer.SignDigest(Account(index).Secret, digest);

    /// <summary>
    /// The "export my key" feature, and nothing else: the 0x-prefixed private key of account <paramref name="index"/>,
    /// as MetaMask imports it. Security: the caller shows it to its owner once and never logs or stores it.
    /// </summary>
    public string ExportPrivateKey(int index)
    {
        var key = new byte[32];
        try
        {
            Account(index).Key.WriteToSpan(key);
            return key.ToHex(prefix: true);
        }
        finally { CryptographicOperations.ZeroMemory(key); }
    }

    /// <summary>
    /// A 32-byte secret of the master seed for one purpose: HMAC-SHA256 keyed by the BIP-39 seed over a label that
    /// names the purpose and its context (e.g. a Fair envelope's chain, contract, creator and idempotency key). Derived,
    /// never stored: the same label gives the same secret after a restart. Security: the caller never logs or returns it
    /// before its time (a Fair envelope's seed is revealed on chain only after the envelope closed).
    /// </summary>
    public byte[] DeriveSecret(string label)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        return System.Security.Cryptography.HMACSHA256.HashData(_seed, System.Text.Encoding.UTF8.GetBytes("OpenChat.Chain secret v1\n" + label));
    }

    /// <summary>For <see cref="SeedVault"/> only: the seed to encrypt.</summary>
    internal ReadOnlySpan<byte> Seed
    {
        get
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            return _seed;
        }
    }

    // Security: key material never reaches a log, an exception message or the debugger's display.
    public override string ToString() => $"{nameof(HdWallet)}({AccountPath}/i, key material redacted)";

    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        CryptographicOperations.ZeroMemory(_seed);
        _branch.PrivateKey.Dispose();
        foreach (var account in _accounts.Values)
        {
            account.Key.Dispose();
            CryptographicOperations.ZeroMemory(account.Secret);
        }
        _accounts.Clear();
    }

    DerivedAccount Account(int index)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        // BIP-32: indices at or above 2^31 are hardened; the path's last level is not.
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        return _accounts.GetOrAdd(index, Derive);
    }

    DerivedAccount Derive(int index)
    {
        var child = _branch.Derive((uint)index);
        var secret = child.PrivateKey.ToBytes();
        try
        {
            child.PrivateKey.Dispose();
            var key = ECPrivKey.Create(secret);
            // The native signer takes the raw 32 bytes; pinned, so the GC leaves no copy behind when it compacts.
            var pinned = GC.AllocateArray<byte>(32, pinned: true);
            secret.CopyTo(pinned, 0);
            return new DerivedAccount(key, pinned, AddressFrom(key.CreatePubKey()));
        }
        finally { CryptographicOperations.ZeroMemory(secret); }
    }

    // Yellow Paper: the address is the last 20 bytes of keccak256 of the 64-byte uncompressed public key (no 0x04 prefix).
    static string AddressFrom(ECPubKey publicKey)
    {
        var hash = Sha3Keccack.Current.CalculateHash(publicKey.ToBytes(compressed: false)[1..]);
        return AddressUtil.Current.ConvertToChecksumAddress(hash[12..]); // EIP-55 casing
    }

    sealed record DerivedAccount(ECPrivKey Key, byte[] Secret, string Address)
    {
        public override string ToString() => $"{Address} (key redacted)";
    }
}
