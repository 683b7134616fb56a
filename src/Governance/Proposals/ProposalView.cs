namespace OpenChat.Chain.Governance.Proposals;

public sealed record VoteView(string Voter, string Support, string Weight, string Reason, string TxHash);

/// <summary>A proposal as clients show it: amounts in whole coins, times in UTC, quorum progress as a fraction.</summary>
public sealed record ProposalView(
    string ProposalId, string Proposer, string Template, string Title, string Description, string State, string For, string Against,
    string Abstain, string Quorum, double QuorumProgress, DateTimeOffset VoteStart, DateTimeOffset VoteEnd, DateTimeOffset? Eta, Guid? MessageId,
    IReadOnlyList<VoteView> Votes);

public static class ProposalViews
{
    static readonly System.Numerics.BigInteger Coin = System.Numerics.BigInteger.Pow(10, 18);

    public static ProposalView ToView(this Proposal p, IEnumerable<ProposalVote> votes)
    {
        var forVotes = Parse(p.ForVotes);
        var quorum = Parse(p.Quorum);
        // Quorum counts For and Abstain (OpenZeppelin's GovernorCountingSimple).
        var counted = forVotes + Parse(p.AbstainVotes);
        var progress = quorum.IsZero ? 1 : Math.Min(1, (double)(counted * 10_000 / quorum) / 10_000);
        return new(p.ProposalId, p.Proposer, p.Template, p.Title, p.Description, p.State, Coins(p.ForVotes), Coins(p.AgainstVotes),
            Coins(p.AbstainVotes), Coins(p.Quorum), progress, DateTimeOffset.FromUnixTimeSeconds(p.SnapshotAt),
            DateTimeOffset.FromUnixTimeSeconds(p.DeadlineAt), p.EtaAt > 0 ? DateTimeOffset.FromUnixTimeSeconds(p.EtaAt) : null, p.MessageId,
            votes.Select(v => new VoteView(v.Voter, v.Support, Coins(v.Weight), v.Reason, v.TxHash)).ToList());
    }

    static System.Numerics.BigInteger Parse(string units) => System.Numerics.BigInteger.Parse(units, System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Base units as whole coins, trailing zeros dropped ("1500.5").</summary>
    public static string Coins(string units)
    {
        var value = Parse(units);
        var whole = System.Numerics.BigInteger.DivRem(value, Coin, out var rest);
        return rest.IsZero ? whole.ToString() : $"{whole}.{rest.ToString().PadLeft(18, '0').TrimEnd('0')}";
    }
}
