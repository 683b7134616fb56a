using System.Numerics;
using OpenChat.Chain.Wallet.Transfers;

namespace OpenChat.Chain.Wallet.Tests.Transfers;

public sealed class CoinsTests
{
    [Theory]
    [InlineData("1", "1000000000000000000")]
    [InlineData("12.5", "12500000000000000000")]
    [InlineData("0.000000000000000001", "1")]
    [InlineData("007.250", "7250000000000000000")]
    [InlineData("1.000000000000000000000", "1000000000000000000")] // trailing zeros past 18 decimals change nothing
    public void Parse_WholeCoinDecimal_GivesBaseUnits(string text, string units)
    {
        var parsed = Coins.Parse(text);
        Assert.Null(parsed.Error);
        Assert.Equal(BigInteger.Parse(units), parsed.Value);
        Assert.Equal(parsed.Value, Coins.Parse(Coins.Format(parsed.Value)).Value);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("0")]
    [InlineData("0.0")]
    [InlineData("-1")]
    [InlineData("+1")]
    [InlineData("1e3")]
    [InlineData("1,5")]
    [InlineData(" 1")]
    [InlineData(".5")]
    [InlineData("5.")]
    [InlineData("abc")]
    public void Parse_NotAPositiveDecimal_IsInvalidAmount(string? text) =>
        Assert.Equal(WalletErrors.InvalidAmount, Coins.Parse(text).Error);

    [Fact]
    public void Parse_FinerThan18Decimals_IsTooPrecise() =>
        Assert.Equal(WalletErrors.AmountTooPrecise, Coins.Parse("0.0000000000000000001").Error);

    [Theory]
    [InlineData("0", "0")]
    [InlineData("1", "0.000000000000000001")]
    [InlineData("2500000000000000000", "2.5")]
    public void Format_BaseUnits_GivesShortestExactDecimal(string units, string text) =>
        Assert.Equal(text, Coins.Format(BigInteger.Parse(units)));
}
