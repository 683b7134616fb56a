using System.Globalization;
using System.Numerics;
using System.Text;
using System.Text.RegularExpressions;
using Nethereum.ABI.FunctionEncoding.Attributes;
using Nethereum.Contracts;
using Nethereum.Hex.HexConvertors.Extensions;
using Nethereum.Util;
using OpenChat.Chain.Kernel;

namespace OpenChat.Chain.Governance.Templates;

/// <summary>The contracts a template's actions call.</summary>
public sealed record GovernanceContracts(string Timelock, string ChatCoin, string RedEnvelope, string ReleaseRegistry);

/// <summary>What a person fills in; which fields matter depends on the template.</summary>
public sealed record TemplateInput(string? Template, string? Title, string? Description, string? To = null, string? Amount = null,
    string? Value = null, string? Commit = null, string? Note = null);

/// <summary>A proposal ready to submit: one action per call, all from the timelock.</summary>
public sealed record ProposalDraft(string Template, string Title, IReadOnlyList<string> Targets, IReadOnlyList<BigInteger> Values,
    IReadOnlyList<string> Calldatas, string Description);

/// <summary>
/// The proposal templates: mint ChatCoin to a contributor, change a red-envelope parameter (max shares, min share), a
/// text-only signal, and approve a release (a commit hash in the timelock-owned ReleaseRegistry). Inputs are checked
/// here, so malformed calldata never reaches the chain.
/// </summary>
public static partial class ProposalTemplates
{
    static readonly BigInteger Coin = BigInteger.Pow(10, 18);

    public static Result<ProposalDraft> Build(TemplateInput input, GovernanceContracts contracts)
    {
        var title = input.Title?.Trim() ?? "";
        var description = $"# {title}\n\n{input.Description?.Trim()}".TrimEnd();
        switch (input.Template)
        {
            case "mint":
                if (input.To is null || !AddressPattern().IsMatch(input.To)) return GovernanceErrors.InvalidRecipient;
                if (ParseCoins(input.Amount) is not { } amount) return GovernanceErrors.InvalidAmount;
                return Draft("mint", title, contracts.ChatCoin, new MintFunction { To = input.To, Amount = amount }.GetCallData(), description);
            case "envelope-max-shares":
                if (!uint.TryParse(input.Value, NumberStyles.None, CultureInfo.InvariantCulture, out var shares) || shares is 0 or > 100_000)
                    return GovernanceErrors.InvalidValue.With("\"value\" is the new largest number of shares, 1 to 100000");
                return Draft("envelope-max-shares", title, contracts.RedEnvelope, new SetMaxSharesFunction { MaxShares = shares }.GetCallData(), description);
            case "envelope-min-share":
                if (ParseCoins(input.Value) is not { } minShare || minShare >= BigInteger.One << 96)
                    return GovernanceErrors.InvalidValue.With("\"value\" is the new smallest share in whole coins, e.g. \"0.01\"");
                return Draft("envelope-min-share", title, contracts.RedEnvelope, new SetMinShareFunction { MinShare = minShare }.GetCallData(), description);
            case "text":
                // A signal: the timelock calls itself with no data (its receive function), so executing changes nothing.
                return Draft("text", title, contracts.Timelock, [], description);
            case "release":
                if (input.Commit is null || !CommitPattern().IsMatch(input.Commit)) return GovernanceErrors.InvalidCommit;
                var note = Sha3Keccack.Current.CalculateHash(Encoding.UTF8.GetBytes(input.Note ?? ""));
                return Draft("release", title, contracts.ReleaseRegistry,
                    new ApproveReleaseFunction { Commit = input.Commit.ToLowerInvariant().HexToByteArray(), NoteHash = note }.GetCallData(), description);
            default:
                return GovernanceErrors.UnknownTemplate;
        }
    }

    static ProposalDraft Draft(string template, string title, string target, byte[] calldata, string description) =>
        new(template, title, [target], [BigInteger.Zero], [calldata.ToHex(true)], description);

    static BigInteger? ParseCoins(string? text)
    {
        if (text is null || !decimal.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var coins) || coins <= 0) return null;
        var parts = text.Split('.');
        if (parts.Length == 2 && parts[1].Length > 18) return null;
        var whole = BigInteger.Parse(parts[0].Length == 0 ? "0" : parts[0], CultureInfo.InvariantCulture);
        var fraction = parts.Length == 2 ? BigInteger.Parse(parts[1].PadRight(18, '0'), CultureInfo.InvariantCulture) : BigInteger.Zero;
        return whole * Coin + fraction;
    }

    [GeneratedRegex("^0x[0-9a-fA-F]{40}$")]
    private static partial Regex AddressPattern();

    [GeneratedRegex("^[0-9a-fA-F]{40}$")]
    private static partial Regex CommitPattern();

    [Function("mint")]
    sealed class MintFunction : FunctionMessage
    {
        [Parameter("address", "to", 1)] public string To { get; set; } = "";
        [Parameter("uint256", "amount", 2)] public BigInteger Amount { get; set; }
    }

    [Function("setMaxShares")]
    sealed class SetMaxSharesFunction : FunctionMessage
    {
        [Parameter("uint32", "maxShares_", 1)] public uint MaxShares { get; set; }
    }

    [Function("setMinShare")]
    sealed class SetMinShareFunction : FunctionMessage
    {
        [Parameter("uint96", "minShare_", 1)] public BigInteger MinShare { get; set; }
    }

    [Function("approveRelease")]
    sealed class ApproveReleaseFunction : FunctionMessage
    {
        [Parameter("bytes20", "commit", 1)] public byte[] Commit { get; set; } = [];
        [Parameter("bytes32", "noteHash", 2)] public byte[] NoteHash { get; set; } = [];
    }
}
