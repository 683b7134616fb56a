using NBitcoin;
using Nethereum.Hex.HexConvertors.Extensions;
using Nethereum.Util;
using OpenChat.Chain.Wallet.Keys;

namespace OpenChat.Chain.Wallet.Tests.Keys;

public sealed class HdWalletVectorTests
{
    const string TrezorPassphrase = "TREZOR";

    // BIP-39 reference vectors: trezor/python-mnemonic vectors.json ("english", passphrase "TREZOR"), entries 0, 3, 4, 8,
    // 11, 13, 17 and 23 at commit b57a5ad77a981e743f4167ab2f7927a55c1e82a8. Columns: entropy, mnemonic, seed, BIP-32 xprv.
    public static TheoryData<string, string, string, string> Bip39 { get; } = new()
    {
        {
            "00000000000000000000000000000000",
            "abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about",
            "c55257c360c07c72029aebc1b53c05ed0362ada38ead3e3e9efa3708e53495531f09a6987599d18264c1e1c92f2cf141630c7a3c4ab7c81b2f001698e7463b04",
            "xprv9s21ZrQH143K3h3fDYiay8mocZ3afhfULfb5GX8kCBdno77K4HiA15Tg23wpbeF1pLfs1c5SPmYHrEpTuuRhxMwvKDwqdKiGJS9XFKzUsAF"
        },
        {
            "ffffffffffffffffffffffffffffffff",
            "zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo wrong",
            "ac27495480225222079d7be181583751e86f571027b0497b5b5d11218e0a8a13332572917f0f8e5a589620c6f15b11c61dee327651a14c34e18231052e48c069",
            "xprv9s21ZrQH143K2V4oox4M8Zmhi2Fjx5XK4Lf7GKRvPSgydU3mjZuKGCTg7UPiBUD7ydVPvSLtg9hjp7MQTYsW67rZHAXeccqYqrsx8LcXnyd"
        },
        {
            "000000000000000000000000000000000000000000000000",
            "abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon agent",
            "035895f2f481b1b0f01fcf8c289c794660b289981a78f8106447707fdd9666ca06da5a9a565181599b79f53b844d8a71dd9f439c52a3d7b3e8a79c906ac845fa",
            "xprv9s21ZrQH143K3mEDrypcZ2usWqFgzKB6jBBx9B6GfC7fu26X6hPRzVjzkqkPvDqp6g5eypdk6cyhGnBngbjeHTe4LsuLG1cCmKJka5SMkmU"
        },
        {
            "0000000000000000000000000000000000000000000000000000000000000000",
            "abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon art",
            "bda85446c68413707090a52022edd26a1c9462295029f2e60cd7c4f2bbd3097170af7a4d73245cafa9c3cca8d561a7c3de6f5d4a10be8ed2a5e608d68f92fcc8",
            "xprv9s21ZrQH143K32qBagUJAMU2LsHg3ka7jqMcV98Y7gVeVyNStwYS3U7yVVoDZ4btbRNf4h6ibWpY22iRmXq35qgLs79f312g2kj5539ebPM"
        },
        {
            "ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff",
            "zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo vote",
            "dd48c104698c30cfe2b6142103248622fb7bb0ff692eebb00089b32d22484e1613912f0a5b694407be899ffd31ed3992c456cdf60f5d4564b8ba3f05a69890ad",
            "xprv9s21ZrQH143K2WFF16X85T2QCpndrGwx6GueB72Zf3AHwHJaknRXNF37ZmDrtHrrLSHvbuRejXcnYxoZKvRquTPyp2JiNG3XcjQyzSEgqCB"
        },
        {
            "6610b25967cdcca9d59875f5cb50b0ea75433311869e930b",
            "gravity machine north sort system female filter attitude volume fold club stay feature office ecology stable narrow fog",
            "628c3827a8823298ee685db84f55caa34b5cc195a778e52d45f59bcf75aba68e4d7590e101dc414bc1bbd5737666fbbef35d1f1903953b66624f910feef245ac",
            "xprv9s21ZrQH143K3uT8eQowUjsxrmsA9YUuQQK1RLqFufzybxD6DH6gPY7NjJ5G3EPHjsWDrs9iivSbmvjc9DQJbJGatfa9pv4MZ3wjr8qWPAK"
        },
        {
            "9f6a2878b2520799a44ef18bc7df394e7061a224d2c33cd015b157d746869863",
            "panda eyebrow bullet gorilla call smoke muffin taste mesh discover soft ostrich alcohol speed nation flash devote level hobby quick inner drive ghost inside",
            "72be8e052fc4919d2adf28d5306b5474b0069df35b02303de8c1729c9538dbb6fc2d731d5f832193cd9fb6aeecbc469594a70e3dd50811b5067f3b88b28c3e8d",
            "xprv9s21ZrQH143K2WNnKmssvZYM96VAr47iHUQUTUyUXH3sAGNjhJANddnhw3i3y3pBbRAVk5M5qUGFr4rHbEWwXgX4qrvrceifCYQJbbFDems"
        },
        {
            "f585c11aec520db57dd353c69554b21a89b20fb0650966fa0a9d6f74fd989d8f",
            "void come effort suffer camp survey warrior heavy shoot primary clutch crush open amazing screen patrol group space point ten exist slush involve unfold",
            "01f5bced59dec48e362f2c45b5de68b9fd6c92c6634f44d6d40aab69056506f0e35524a518034ddc1192e1dacd32c1ed3eaa3c3b131c88ed8e7e54c49a5d0998",
            "xprv9s21ZrQH143K39rnQJknpH1WEPFJrzmAqqasiDcVrNuk926oizzJDDQkdiTvNPr2FYDYzWgiMiC63YmfPAa2oPyNB23r2g7d1yiK6WpqaQS"
        },
    };

    [Theory]
    [MemberData(nameof(Bip39))]
    public void Mnemonic_TrezorVectorEntropy_GivesVectorWordsAndSeed(string entropy, string mnemonic, string seed, string xprv)
    {
        // The NBitcoin calls HdWallet.FromEntropy and FromMnemonic make.
        var words = new Mnemonic(Wordlist.English, entropy.HexToByteArray());
        Assert.Equal(mnemonic, words.ToString());
        Assert.Equal(seed, words.DeriveSeed(TrezorPassphrase).ToHex());
        Assert.Equal(xprv, ExtKey.CreateFromSeed(seed.HexToByteArray()).GetWif(Network.Main).ToString());
    }

    [Theory]
    [MemberData(nameof(Bip39))]
    public void FromMnemonicAndFromEntropy_TrezorVector_DeriveTheVectorSeedsAccounts(string entropy, string mnemonic, string seed, string xprv)
    {
        using var fromSeed = HdWallet.FromSeed(seed.HexToByteArray());
        using var fromMnemonic = HdWallet.FromMnemonic(mnemonic, TrezorPassphrase);
        using var fromEntropy = HdWallet.FromEntropy(entropy.HexToByteArray(), TrezorPassphrase);
        // BIP-32 from the vector's own master key, along BIP-44 m/44'/60'/0'/0/i.
        var branch = ExtKey.Parse(xprv, Network.Main).Derive(new KeyPath("44'/60'/0'/0"));

        foreach (var index in (int[])[0, 1, 7])
        {
            var expected = branch.Derive((uint)index).PrivateKey.ToBytes().ToHex(prefix: true);
            Assert.Equal(expected, fromSeed.ExportPrivateKey(index));
            Assert.Equal(expected, fromMnemonic.ExportPrivateKey(index));
            Assert.Equal(expected, fromEntropy.ExportPrivateKey(index));
        }
    }

    // anvil's (and Hardhat's) default accounts of the mnemonic "test test ... junk": printed by `anvil` at start-up.
    [Theory]
    [InlineData(0, "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266", "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80")]
    [InlineData(1, "0x70997970C51812dc3A010C7d01b50e0d17dc79C8", "0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d")]
    [InlineData(2, "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC", "0x5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a")]
    public void FromMnemonic_AnvilTestMnemonic_GivesAnvilDefaultAccounts(int index, string address, string privateKey)
    {
        using var wallet = HdWallet.FromMnemonic("test test test test test test test test test test test junk");

        Assert.Equal(address, wallet.AddressOf(index)); // exact EIP-55 casing
        Assert.Equal(privateKey, wallet.ExportPrivateKey(index));
    }

    // EIP-55 "Test Cases" (ethereum/ERCs ERCS/erc-55.md): all caps, all lower and mixed; each is its own checksum casing.
    // AddressUtil.ConvertToChecksumAddress is the casing HdWallet.AddressOf applies.
    [Theory]
    [InlineData("0x52908400098527886E0F7030069857D2E4169EE7")]
    [InlineData("0x8617E340B3D01FA5F11F306F4090FD50E238070D")]
    [InlineData("0xde709f2102306220921060314715629080e2fb77")]
    [InlineData("0x27b1fdb04752bbc536007a920d24acb045561c26")]
    [InlineData("0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed")]
    [InlineData("0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359")]
    [InlineData("0xdbF03B407c01E7cD3CBea99509d93f8DDDC8C6FB")]
    [InlineData("0xD1220A0cf47c7B9Be7A2E6BA89F429762e7b9aDb")]
    public void ChecksumAddress_Eip55Vector_GivesTheVectorsCasing(string address)
    {
        Assert.Equal(address, AddressUtil.Current.ConvertToChecksumAddress(address.ToLowerInvariant()));
        Assert.Equal(address, AddressUtil.Current.ConvertToChecksumAddress(address.ToUpperInvariant().Replace("0X", "0x")));
        Assert.True(AddressUtil.Current.IsChecksumAddress(address));
    }
}
