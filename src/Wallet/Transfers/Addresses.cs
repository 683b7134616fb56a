using Nethereum.Util;
using OpenChat.Chain.Kernel;

namespace OpenChat.Chain.Wallet.Transfers;

public static class Addresses
{
    /// <summary>
    /// A recipient as the user typed it, returned EIP-55 checksummed. EIP-55: all-lower or all-upper hex carries no
    /// checksum and is accepted; mixed case is a checksum and must match, which catches most typos.
    /// </summary>
    public static Result<string> Parse(string? text)
    {
        if (text is null || text.Length != 42 || !text.StartsWith("0x", StringComparison.Ordinal) || !text[2..].All(char.IsAsciiHexDigit))
            return WalletErrors.InvalidAddress;
        var hex = text[2..];
        var mixed = hex.Any(char.IsAsciiLetterLower) && hex.Any(char.IsAsciiLetterUpper);
        if (mixed && !AddressUtil.Current.IsChecksumAddress(text)) return WalletErrors.AddressChecksum;
        if (hex.All(c => c == '0')) return WalletErrors.InvalidAddress; // tokens sent there are burnt
        return AddressUtil.Current.ConvertToChecksumAddress(text);
    }
}
