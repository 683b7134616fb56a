using System.Numerics;
using Nethereum.Hex.HexConvertors.Extensions;
using Nethereum.Model;
using Nethereum.Signer;
using Nethereum.Util;
using OpenChat.Chain.Wallet.Keys;

namespace OpenChat.Chain.Wallet.Tests.Keys;

public sealed class HdWalletTests
{
    const string TestMnemonic = "test test test test test test test test test test test junk";

    [Fact]
    public void CreateNew_TwoWallets_HaveDifferentChecksummedAccounts()
    {
        using var first = HdWallet.CreateNew();
        using var second = HdWallet.CreateNew();

        Assert.NotEqual(first.AddressOf(0), second.AddressOf(0));
        Assert.True(AddressUtil.Current.IsChecksumAddress(first.AddressOf(0)));
        Assert.NotEqual(first.AddressOf(0), first.AddressOf(1));
    }

    [Theory]
    [InlineData("test test test test test test test test test test test test")] // BIP-39 checksum fails
    [InlineData("test test test test test test test test test test test")] // 11 words
    [InlineData("test test test test test test test test test test test jnuk")] // not in the English list
    public void FromMnemonic_NotBip39_ThrowsWithoutEchoingTheWords(string mnemonic)
    {
        var error = Assert.Throws<ArgumentException>(() => HdWallet.FromMnemonic(mnemonic));

        Assert.DoesNotContain("test", error.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Null(error.InnerException);
    }

    [Fact]
    public void ToString_WalletWithDerivedAccounts_RedactsKeyMaterial()
    {
        using var wallet = HdWallet.FromMnemonic(TestMnemonic);
        var key = wallet.ExportPrivateKey(0);

        var text = wallet.ToString();

        Assert.DoesNotContain(key[2..], text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("junk", text, StringComparison.Ordinal);
        Assert.Contains("redacted", text, StringComparison.Ordinal);
    }

    [Fact]
    public void AddressOf_NegativeIndex_Throws()
    {
        using var wallet = HdWallet.FromMnemonic(TestMnemonic);

        // BIP-32: indices from 2^31 are hardened, and m/44'/60'/0'/0/i is not.
        Assert.Throws<ArgumentOutOfRangeException>(() => wallet.AddressOf(-1));
    }

    [Fact]
    public void AddressOf_AfterDispose_Throws()
    {
        var wallet = HdWallet.FromMnemonic(TestMnemonic);
        wallet.Dispose();

        Assert.Throws<ObjectDisposedException>(() => wallet.AddressOf(0));
    }

    [Fact]
    public void SignTransaction_AnvilAccount0_RecoversToItsAddressAndMatchesNethereum()
    {
        using var wallet = HdWallet.FromMnemonic(TestMnemonic);
        var transaction = Transfer(chainId: 31337, nonce: 7);

        var raw = wallet.SignTransaction(0, transaction);

        Assert.Equal("0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266", TransactionVerificationAndRecovery.GetSenderAddress(raw.ToHex()));
        var reference = new Transaction1559Signer().SignTransaction(wallet.ExportPrivateKey(0), Transfer(chainId: 31337, nonce: 7));
        Assert.Equal(reference, raw.ToHex());
    }

    [Fact]
    public void SignTransaction_AccountWhoseKeyStartsWithZeroByte_SignsAndExportsAll32Bytes()
    {
        using var wallet = HdWallet.FromMnemonic(TestMnemonic);
        const int index = 140; // the first index of this mnemonic whose private key starts with 0x00 (1 key in 256)

        var key = wallet.ExportPrivateKey(index);
        var raw = wallet.SignTransaction(index, Transfer(chainId: 31337, nonce: 0));

        Assert.StartsWith("0x00", key, StringComparison.Ordinal);
        Assert.Equal(66, key.Length); // MetaMask's import wants all 32 bytes
        Assert.Equal(wallet.AddressOf(index), TransactionVerificationAndRecovery.GetSenderAddress(raw.ToHex()));
    }

    [Fact]
    public void SignDigest_AnyAccount_IsNethereumsSignatureAndRecoversToTheAccount()
    {
        using var wallet = HdWallet.FromMnemonic(TestMnemonic);
        var digest = Sha3Keccack.Current.CalculateHash("EIP-712 digest stand-in"u8.ToArray());

        foreach (var index in (int[])[0, 1, 2, 40])
        {
            var signature = wallet.SignDigest(index, digest);

            Assert.Equal(65, signature.Length);
            Assert.Contains(signature[64], (byte[])[27, 28]);
            var reference = new EthECKey(wallet.ExportPrivateKey(index)).SignAndCalculateV(digest);
            Assert.Equal(EthECDSASignature.CreateStringSignature(reference), signature.ToHex(prefix: true));
            var recovered = EthECKey.RecoverFromSignature(EthECDSASignatureFactory.ExtractECDSASignature(signature.ToHex()), digest);
            Assert.Equal(wallet.AddressOf(index), recovered.GetPublicAddress());
        }
    }

    static Transaction1559 Transfer(BigInteger chainId, BigInteger nonce) => new(
        chainId, nonce, maxPriorityFeePerGas: 1_000_000_000, maxFeePerGas: 30_000_000_000, gasLimit: 21_000,
        receiverAddress: "0x70997970C51812dc3A010C7d01b50e0d17dc79C8", amount: BigInteger.Pow(10, 18), data: "0x", accessList: []);
}
