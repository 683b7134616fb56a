using Nethereum.Hex.HexConvertors.Extensions;
using OpenChat.Chain.Wallet.Envelopes;
using OpenChat.Chain.Wallet.Keys;

namespace OpenChat.Chain.Wallet.Tests.Envelopes;

public sealed class EnvelopeSeedsTests
{
    const string TestMnemonic = "test test test test test test test test test test test junk";
    const string RedEnvelope = "0x5FbDB2315678afecb367f032d93F642f64180aa3";

    [Fact]
    public void Of_TheTestMnemonic_IsTheHmacOfItsBip39SeedOverTheLabel()
    {
        using var wallet = HdWallet.FromMnemonic(TestMnemonic);

        var seed = EnvelopeSeeds.Of(wallet, 31337, RedEnvelope, 1, "drop-1");

        // Computed independently (Python hashlib): seed = PBKDF2-HMAC-SHA512(mnemonic, "mnemonic", 2048) (BIP-39), then
        // HMAC-SHA256(seed, "OpenChat.Chain secret v1\nfair-envelope/31337/0x5fbdb2315678afecb367f032d93f642f64180aa3/1/drop-1").
        Assert.Equal("ed3fed583c4c3b809b3f4b4567374f6d84c98de9fc7838859aa02de66a1b527d", seed.ToHex());
    }

    [Fact]
    public void Of_AfterARestart_IsTheSameAndEachEnvelopeHasItsOwn()
    {
        using var before = HdWallet.FromMnemonic(TestMnemonic);
        using var after = HdWallet.FromMnemonic(TestMnemonic); // a restart loads the same master seed: nothing else is needed

        var seed = EnvelopeSeeds.Of(before, 31337, RedEnvelope, 1, "drop-1");

        Assert.Equal(seed, EnvelopeSeeds.Of(after, 31337, RedEnvelope.ToLowerInvariant(), 1, "drop-1"));
        Assert.NotEqual(seed, EnvelopeSeeds.Of(after, 31337, RedEnvelope, 1, "drop-2"));
        Assert.NotEqual(seed, EnvelopeSeeds.Of(after, 31337, RedEnvelope, 2, "drop-1"));
        Assert.NotEqual(seed, EnvelopeSeeds.Of(after, 1, RedEnvelope, 1, "drop-1"));
        using var other = HdWallet.CreateNew();
        Assert.NotEqual(seed, EnvelopeSeeds.Of(other, 31337, RedEnvelope, 1, "drop-1"));
    }
}
