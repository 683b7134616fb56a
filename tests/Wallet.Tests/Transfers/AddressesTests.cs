using OpenChat.Chain.Wallet.Transfers;

namespace OpenChat.Chain.Wallet.Tests.Transfers;

public sealed class AddressesTests
{
    // EIP-55's own test vectors (https://eips.ethereum.org/EIPS/eip-55#test-cases).
    [Theory]
    [InlineData("0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed")]
    [InlineData("0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359")]
    [InlineData("0xdbF03B407c01E7cD3CBea99509d93f8DDDC8C6FB")]
    [InlineData("0xD1220A0cf47c7B9Be7A2E6BA89F429762e7b9aDb")]
    public void Parse_ValidChecksum_IsAccepted(string address) => Assert.Equal(address, Addresses.Parse(address).Value);

    [Fact]
    public void Parse_AllLowerCase_IsAcceptedAndChecksummed() =>
        Assert.Equal("0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed", Addresses.Parse("0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed").Value);

    [Fact]
    public void Parse_MixedCaseWithOneLetterFlipped_IsAChecksumError() =>
        Assert.Equal(WalletErrors.AddressChecksum, Addresses.Parse("0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAeD").Error);

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed")]
    [InlineData("0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAe")]
    [InlineData("0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAedd")]
    [InlineData("0xZaAeb6053F3E94C9b9A09f33669435E7Ef1BeAed")]
    [InlineData("0x0000000000000000000000000000000000000000")]
    public void Parse_NotAnAddress_IsInvalidAddress(string? text) => Assert.Equal(WalletErrors.InvalidAddress, Addresses.Parse(text).Error);
}
