using System.Globalization;
using System.Text.RegularExpressions;
using Nethereum.Util;
using OpenChat.Chain.Kernel;

namespace OpenChat.Chain.Identity;

/// <summary>
/// An EIP-4361 (Sign-In with Ethereum) message, parsed strictly line by line from its ABNF. The signature
/// covers the exact text, so anything the grammar does not allow is refused rather than guessed at.
/// </summary>
public sealed partial record SiweMessage(
    string? Scheme, string Domain, string Address, string? Statement, Uri Uri, string Version, long ChainId, string Nonce,
    DateTimeOffset IssuedAt, DateTimeOffset? ExpirationTime, DateTimeOffset? NotBefore, string? RequestId, IReadOnlyList<string> Resources)
{
    const string Preamble = " wants you to sign in with your Ethereum account:";

    public static Result<SiweMessage> Parse(string text)
    {
        var lines = text.Split('\n');
        var at = 0;
        string? Next() => at < lines.Length ? lines[at++] : null;
        static Error Bad(string detail) => AuthErrors.SiweMalformed.With(detail);

        // ${scheme}:// is optional; ${domain} is an RFC 3986 authority.
        var first = Next();
        if (first is null || !first.EndsWith(Preamble, StringComparison.Ordinal)) return Bad("The first line must end with \"" + Preamble.Trim() + "\".");
        var origin = first[..^Preamble.Length];
        string? scheme = null;
        if (origin.IndexOf("://", StringComparison.Ordinal) is var sep and > 0) (scheme, origin) = (origin[..sep], origin[(sep + 3)..]);
        if (origin.Length == 0 || origin.Any(c => char.IsWhiteSpace(c) || c is '/' or '?' or '#')) return Bad("The domain is not an authority.");

        // EIP-55 mixed-case checksum, as EIP-4361 requires.
        var address = Next();
        if (address is null || !AddressLine().IsMatch(address) || !AddressUtil.Current.IsChecksumAddress(address))
            return Bad("The second line must be an EIP-55 checksummed address.");

        // LF [ statement LF ] LF — and the older form without the empty statement line.
        if (Next() != "") return Bad("An empty line must follow the address.");
        string? statement = null;
        if (at < lines.Length && !lines[at].StartsWith("URI: ", StringComparison.Ordinal))
        {
            if (lines[at] != "")
            {
                statement = lines[at++];
                if (statement.Contains('\r')) return Bad("Lines end with LF only.");
            }
            if (Next() != "") return Bad("An empty line must follow the statement.");
        }

        var uriText = Field("URI");
        if (uriText is null || !Uri.TryCreate(uriText, UriKind.Absolute, out var uri)) return Bad("URI must be an absolute URI.");
        var version = Field("Version");
        if (version != "1") return Bad("Version must be 1.");
        if (!long.TryParse(Field("Chain ID"), NumberStyles.None, CultureInfo.InvariantCulture, out var chainId)) return Bad("Chain ID must be a number.");
        var nonce = Field("Nonce");
        if (nonce is null || !NonceValue().IsMatch(nonce)) return Bad("Nonce must be at least 8 letters or digits.");
        if (!TryTime(Field("Issued At"), out var issuedAt)) return Bad("Issued At must be an RFC 3339 date-time.");

        DateTimeOffset? expiration = null, notBefore = null;
        if (Field("Expiration Time") is { } expirationText)
        {
            if (!TryTime(expirationText, out var value)) return Bad("Expiration Time must be an RFC 3339 date-time.");
            expiration = value;
        }
        if (Field("Not Before") is { } notBeforeText)
        {
            if (!TryTime(notBeforeText, out var value)) return Bad("Not Before must be an RFC 3339 date-time.");
            notBefore = value;
        }
        var requestId = Field("Request ID");
        var resources = new List<string>();
        if (at < lines.Length && lines[at] == "Resources:")
        {
            at++;
            while (at < lines.Length && lines[at].StartsWith("- ", StringComparison.Ordinal)) resources.Add(lines[at++][2..]);
        }
        if (at != lines.Length) return Bad($"Unexpected text on line {at + 1}.");

        return new SiweMessage(scheme, origin, address, statement, uri, version, chainId, nonce, issuedAt, expiration, notBefore, requestId, resources);

        string? Field(string name) =>
            at < lines.Length && lines[at].StartsWith(name + ": ", StringComparison.Ordinal) ? lines[at++][(name.Length + 2)..] : null;
    }

    static bool TryTime(string? text, out DateTimeOffset value)
    {
        value = default;
        // RFC 3339 always has a 'T' and an offset (Z or ±hh:mm); DateTimeOffset parses both.
        if (text is null || text.Length < 20 || !text.Contains('T') || !(text.EndsWith('Z') || text[^6] is '+' or '-')) return false;
        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out value);
    }

    [GeneratedRegex("^0x[0-9a-fA-F]{40}$")]
    private static partial Regex AddressLine();

    [GeneratedRegex("^[a-zA-Z0-9]{8,}$")]
    private static partial Regex NonceValue();
}
