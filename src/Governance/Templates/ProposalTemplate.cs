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
public sealed record GovernanceContracts(string Timelock, string ChatCoin, string RedEnvelope, string ReleaseRegistry, string RewardsPool = "");

/// <summary>What a person fills in; which fields matter depends on the template.</summary>
/// <param name="Welcome">reward-rules: the new welcome reward in whole coins (0 switches it off).</param>
/// <param name="Invite">reward-rules: the new invite reward to each side in whole coins (0 switches it off).</param>
/// <param name="Budget">reward-rules: the new daily budget of the rewards pool in whole coins.</param>
public sealed record TemplateInput(string? Template, string? Title, string? Description, string? To = null, string? Amount = null,
    string? Value = null, string? Commit = null, string? Note = null, string? Welcome = null, string? Invite = null, string? Budget = null);

/// <summary>A proposal ready to submit: one action per call, all from the timelock.</summary>
public sealed record ProposalDraft(string Template, string Title, IReadOnlyList<string> Targets, IReadOnlyList<BigInteger> Values,
    IReadOnlyList<string> Calldatas, string Description);

/// <summary>
/// The proposal templates: mint ChatCoin to a contributor, change a red-envelope parameter (max shares, min share), a
/// text-only signal, approve a release (a commit hash in the timelock-owned ReleaseRegistry), and move the treasury:
/// fund the rewards pool, set its rewards and daily budget, grant treasury coins to a contributor. Inputs are checked
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
            case "fund-rewards":
                // The treasury (the timelock's coins) pays the pool: a plain transfer the timelock makes.
                if (contracts.RewardsPool.Length == 0) return GovernanceErrors.NoRewardsPool;
                if (ParseCoins(input.Amount) is not { } funds) return GovernanceErrors.InvalidAmount;
                return Draft("fund-rewards", title, contracts.ChatCoin, new TransferFunction { To = contracts.RewardsPool, Amount = funds }.GetCallData(), description);
            case "grant":
                // From the treasury, unlike "mint": the supply stays, the circulating part grows.
                if (input.To is null || !AddressPattern().IsMatch(input.To)) return GovernanceErrors.InvalidRecipient;
                if (ParseCoins(input.Amount) is not { } grant) return GovernanceErrors.InvalidAmount;
                return Draft("grant", title, contracts.ChatCoin, new TransferFunction { To = input.To, Amount = grant }.GetCallData(), description);
            case "reward-rules":
                if (contracts.RewardsPool.Length == 0) return GovernanceErrors.NoRewardsPool;
                if (ParseCoinsOrZero(input.Welcome) is not { } welcome || welcome >= BigInteger.One << 128)
                    return GovernanceErrors.InvalidValue.With("\"welcome\" is the welcome reward in whole coins, 0 to switch it off");
                if (ParseCoinsOrZero(input.Invite) is not { } invite || invite >= BigInteger.One << 128)
                    return GovernanceErrors.InvalidValue.With("\"invite\" is the invite reward to each side in whole coins, 0 to switch it off");
                if (ParseCoins(input.Budget) is not { } budget)
                    return GovernanceErrors.InvalidValue.With("\"budget\" is the most the pool pays per day, in whole coins");
                return Draft("reward-rules", title, contracts.RewardsPool,
                    new SetRulesFunction { Welcome = welcome, Invite = invite, Budget = budget }.GetCallData(), description);
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

    static BigInteger? ParseCoinsOrZero(string? text) => text?.Trim() is "0" or "0.0" ? BigInteger.Zero : ParseCoins(text);

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

    [Function("transfer", "bool")]
    sealed class TransferFunction : FunctionMessage
    {
        [Parameter("address", "to", 1)] public string To { get; set; } = "";
        [Parameter("uint256", "value", 2)] public BigInteger Amount { get; set; }
    }

    [Function("setRules")]
    sealed class SetRulesFunction : FunctionMessage
    {
        [Parameter("uint128", "welcome", 1)] public BigInteger Welcome { get; set; }
        [Parameter("uint128", "invite", 2)] public BigInteger Invite { get; set; }
        [Parameter("uint256", "budget", 3)] public BigInteger Budget { get; set; }
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
