using System.Globalization;
using System.Numerics;
using OpenChat.Chain.Kernel;

namespace OpenChat.Chain.Wallet.Transfers;

/// <summary>ChatCoin amounts: decimal strings of whole coins outside, base units (10^-18 coin) inside.</summary>
public static class Coins
{
    /// <summary>ERC-20 decimals() of ChatCoin (and of ETH in wei).</summary>
    public const int Decimals = 18;

    static readonly BigInteger One = BigInteger.Pow(10, Decimals);

    /// <summary>"12.5" → 12.5 × 10^18. No sign, exponent, grouping or whitespace: exactly what a person types.</summary>
    public static Result<BigInteger> Parse(string? text)
    {
        if (string.IsNullOrEmpty(text) || text.Length > 100) return WalletErrors.InvalidAmount;
        var point = text.IndexOf('.');
        var whole = point < 0 ? text : text[..point];
        var fraction = point < 0 ? "" : text[(point + 1)..];
        if (whole.Length == 0 || !whole.All(char.IsAsciiDigit) || (point >= 0 && (fraction.Length == 0 || !fraction.All(char.IsAsciiDigit))))
            return WalletErrors.InvalidAmount;
        var significant = fraction.TrimEnd('0');
        if (significant.Length > Decimals) return WalletErrors.AmountTooPrecise;
        var units = BigInteger.Parse(whole, CultureInfo.InvariantCulture) * One
            + (significant.Length == 0 ? 0 : BigInteger.Parse(significant.PadRight(Decimals, '0'), CultureInfo.InvariantCulture));
        return units.Sign > 0 ? units : WalletErrors.InvalidAmount;
    }

    /// <summary>12.5 × 10^18 → "12.5"; exact, with no trailing zeros.</summary>
    public static string Format(BigInteger units)
    {
        var negative = units.Sign < 0;
        var whole = BigInteger.DivRem(BigInteger.Abs(units), One, out var fraction);
        var text = fraction.IsZero
            ? whole.ToString(CultureInfo.InvariantCulture)
            : $"{whole.ToString(CultureInfo.InvariantCulture)}.{fraction.ToString(CultureInfo.InvariantCulture).PadLeft(Decimals, '0').TrimEnd('0')}";
        return negative ? "-" + text : text;
    }
}
