using System.Net;
using OpenChat.Chain.Api.Tests.Support;
using OpenChat.Chain.Api.Tests.Wallet;

namespace OpenChat.Chain.Api.Tests.Governance;

/// <summary>
/// With coin-age weighting chosen at deploy (Deployment:VoteWeighting = coin-age, maturity 8,000 s, full bonus 100%),
/// coins held for the whole maturity weigh double and coins that arrived just before the snapshot weigh about plain, so the
/// long-time holder outvotes a larger fresh balance that would win by plain balances (see contracts/docs/coin-age-votes.md).
/// </summary>
public sealed class CoinAgeVotingTests
{
    [Fact]
    public async Task CoinAge_LongHeldCoinsOutweighALargerFreshBalance_AndChangeTheOutcome()
    {
        var settings = GovernanceApi.Settings("coin-age");
        settings["Deployment:QuorumPercent"] = "1"; // quorum counts coins (not weight): 1% of ~104,500
        await using var api = new ApiFactory { Settings = settings };
        Assert.Equal(HttpStatusCode.OK, (await api.WaitUntilHealthyAsync(TimeSpan.FromSeconds(90))).StatusCode);
        var alice = await api.VoterAsync("alice", 2000);
        await api.WarpAsync(9000); // past the maturity: alice's coins have their full age
        var bob = await api.VoterAsync("bob", 2500); // arrives now: no age

        var response = await alice.ProposeAsync(new { template = "text", title = "Old hands decide", description = "a signal" });
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var id = (await System.Net.Http.Json.HttpContentJsonExtensions.ReadFromJsonAsync<OpenChat.Chain.Governance.Governor.Proposed>(response.Content, ChatApi.Json, TestContext.Current.CancellationToken))!.ProposalId;
        await alice.WaitForProposalAsync(id, p => p.State == "Pending");
        await api.WarpAsync(11);
        await alice.WaitForProposalAsync(id, p => p.State == "Active");
        Assert.Equal(HttpStatusCode.Accepted, (await alice.VoteAsync(id, "For")).StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, (await bob.VoteAsync(id, "Against")).StatusCode);
        var voted = await alice.WaitForProposalAsync(id, p => p.Votes.Count == 2);
        await api.WarpAsync(601);
        var decided = await alice.WaitForProposalAsync(id, p => p.State is not ("Pending" or "Active"));

        Assert.Equal("4000", voted.For); // 2,000 coins × 2: held for the whole maturity
        // Exact vote-seconds: bob's 2,500 coins earn age for the few seconds between their arrival and the snapshot
        // (2,500 × s / 8,000), a little above plain weight and far below alice's 4,000.
        var against = decimal.Parse(voted.Against, System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(against, 2500m, 2600m);
        Assert.Contains(decided.State, new[] { "Succeeded", "Queued" }); // by plain balances 2,000 For would lose to 2,500 Against
    }
}
