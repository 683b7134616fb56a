using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using OpenChat.Chain.Api.Governance;
using OpenChat.Chain.Governance.Governor;
using OpenChat.Chain.Api.Tests.Support;
using OpenChat.Chain.Api.Tests.Wallet;
using OpenChat.Chain.Messaging.Messages;

namespace OpenChat.Chain.Api.Tests.Governance;

/// <summary>
/// Governance from chat end to end on a real anvil whose clock the tests move: proposals from templates shown in the
/// governance group, token-weighted votes, quorum, delegation, timelocked execution by the keeper, the release check.
/// One service (and chain) for the class; its tests run one after another.
/// </summary>
public sealed class GovernanceTests(GovernanceTests.Service service) : IClassFixture<GovernanceTests.Service>
{
    public sealed class Service() : SharedService(GovernanceApi.Settings());

    ApiFactory Api => service.Api;
    static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task MintProposal_VotedPastQuorum_IsQueuedAndExecutedByItself_AndTheCoinsArrive()
    {
        var alice = await Api.VoterAsync("alice", 3000);
        var bob = await Api.VoterAsync("bob", 2000);
        var carol = await Api.VoterAsync("carol", 0);
        var carolAddress = (await carol.GetWalletAsync()).Address;
        Assert.Equal(HttpStatusCode.OK, (await alice.Http.PostAsync("/api/governance/join", null, Ct)).StatusCode);

        await using var aliceDevice = await HubInbox.ConnectAsync(alice);
        var id = await alice.ProposeMintAsync(carolAddress, "100", "Reward carol");
        var pending = await alice.WaitForProposalAsync(id, p => p.MessageId is not null);
        await Api.WarpAsync(11);
        await alice.WaitForProposalAsync(id, p => p.State == "Active");
        Assert.Equal(HttpStatusCode.Accepted, (await alice.VoteAsync(id, "For", "pays for the docs")).StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, (await bob.VoteAsync(id, "For")).StatusCode);
        var counted = await alice.WaitForProposalAsync(id, p => p.Votes.Count == 2);
        var live = await aliceDevice.WaitFor<OpenChat.Chain.Messaging.Sync.ChatUpdateView>(u => u.Message is { Kind: nameof(MessageKind.Proposal) } m
            && (int?)JsonNode.Parse(m.Payload!)!["voters"] == 2, TimeSpan.FromSeconds(30)); // the proposal message updates live
        await Api.WarpAsync(601);
        var queued = await alice.WaitForProposalAsync(id, p => p.State == "Queued"); // the keeper queued it
        await Api.WarpAsync(121);
        var executed = await alice.WaitForProposalAsync(id, p => p.State == "Executed");

        Assert.Equal(("mint", "Reward carol"), (pending.Template, pending.Title));
        Assert.Equal(("5000", "0"), (counted.For, counted.Against));
        Assert.StartsWith("4000", counted.Quorum); // 4% of the supply at the snapshot (earlier tests may have minted a little)
        Assert.Contains(counted.Votes, v => v.Reason == "pays for the docs" && v.Weight == "3000");
        Assert.NotNull(queued.Eta);
        Assert.Equal("5000", (string?)JsonNode.Parse(live.Message!.Payload!)!["for"]);
        Assert.Equal(WalletApi.Units(100), await Api.CoinBalanceAsync(carolAddress));
        var message = (await alice.History(await GovernanceChatAsync(alice))).Single(m => m.Id == executed.MessageId);
        Assert.Equal((nameof(MessageKind.Proposal), "Executed"), (message.Kind, (string?)JsonNode.Parse(message.Payload!)!["state"]));
    }

    [Fact]
    public async Task MintProposal_BelowQuorum_IsDefeated_AndMintsNothing()
    {
        var alice = await Api.VoterAsync("alice", 3000);
        var erin = await Api.VoterAsync("erin", 0);
        var erinAddress = (await erin.GetWalletAsync()).Address;

        var id = await alice.ProposeMintAsync(erinAddress, "50", "Reward erin");
        await alice.WaitForProposalAsync(id, p => p.State == "Pending");
        await Api.WarpAsync(11);
        await alice.WaitForProposalAsync(id, p => p.State == "Active");
        await alice.VoteAsync(id, "For");
        var voted = await alice.WaitForProposalAsync(id, p => p.Votes.Count == 1);
        await Api.WarpAsync(601);
        await alice.WaitForProposalAsync(id, p => p.State == "Defeated");

        Assert.True(voted.QuorumProgress is > 0.7 and < 0.8); // 3,000 of 4,000
        Assert.Equal(0, (await Api.CoinBalanceAsync(erinAddress)).Sign);
    }

    [Fact]
    public async Task Delegation_BeforeTheSnapshot_TurnsADefeatIntoAPass()
    {
        var alice = await Api.VoterAsync("alice", 3000);
        var bob = await Api.VoterAsync("bob", 2000);
        var dave = await Api.VoterAsync("dave", 1500);
        var target = (await (await Api.CreateUserAsync("frank")).GetWalletAsync()).Address;

        var first = await RunAsync(await alice.ProposeMintAsync(target, "1", "Without dave"), (alice, "For"), (bob, "Against"));
        Assert.Equal(HttpStatusCode.Accepted, (await dave.DelegateAsync(alice.Id)).StatusCode);
        await alice.WaitForVotesAsync(4500);
        var second = await RunAsync(await alice.ProposeMintAsync(target, "1", "With dave's votes"), (alice, "For"), (bob, "Against"));

        Assert.Equal(("Defeated", "3000"), (first.State, first.For)); // 3,000 For < quorum 4,000
        Assert.Equal("4500", second.For);
        Assert.Contains(second.State, new[] { "Succeeded", "Queued" });
        var power = await dave.Http.GetFromJsonAsync<VotingPowerView>($"/api/governance/voting-power?proposalId={second.ProposalId}", ChatApi.Json, Ct);
        Assert.Equal("0", power!.Votes); // delegated away: dave's coins count for alice
    }

    [Fact]
    public async Task ReleaseApproval_ExecutedByGovernance_IsReportedForTheRunningCommit()
    {
        var alice = await Api.VoterAsync("alice", 3000);
        var bob = await Api.VoterAsync("bob", 2000);
        var before = await alice.Http.GetFromJsonAsync<ReleaseView>("/api/governance/release", ChatApi.Json, Ct);

        var response = await alice.ProposeAsync(new { template = "release", title = "Approve the running build", commit = GovernanceApi.RunningCommit, note = "v1" });
        var id = (await response.Content.ReadFromJsonAsync<OpenChat.Chain.Governance.Governor.Proposed>(ChatApi.Json, Ct))!.ProposalId;
        await RunAsync(id, (alice, "For"), (bob, "For"));
        await alice.WaitForProposalAsync(id, p => p.State == "Queued"); // by the keeper
        await Api.WarpAsync(121);
        await alice.WaitForProposalAsync(id, p => p.State == "Executed");
        var after = await alice.Http.GetFromJsonAsync<ReleaseView>("/api/governance/release", ChatApi.Json, Ct);

        Assert.Equal((GovernanceApi.RunningCommit, false), (before!.Commit, before.Approved));
        Assert.Equal((GovernanceApi.RunningCommit, true, GovernanceApi.RunningCommit), (after!.Commit, after.Approved, after.LatestApproved));
    }

    [Fact]
    public async Task BadInput_IsRefusedWithItsCode_AndSendsNothing()
    {
        var alice = await Api.VoterAsync("alice", 3000);
        var poor = await Api.VoterAsync("poor", 10);
        var to = (await alice.GetWalletAsync()).Address;

        Assert.Equal((HttpStatusCode.BadRequest, "governance.invalid_recipient"), await ProblemAsync(await alice.ProposeAsync(new { template = "mint", title = "x", to = "0x123", amount = "1" })));
        Assert.Equal((HttpStatusCode.BadRequest, "governance.invalid_amount"), await ProblemAsync(await alice.ProposeAsync(new { template = "mint", title = "x", to, amount = "-5" })));
        Assert.Equal((HttpStatusCode.BadRequest, "governance.invalid_commit"), await ProblemAsync(await alice.ProposeAsync(new { template = "release", title = "x", commit = "main" })));
        Assert.Equal((HttpStatusCode.BadRequest, "governance.unknown_template"), await ProblemAsync(await alice.ProposeAsync(new { template = "selfdestruct", title = "x" })));
        // Governance's own validator (with the plain-text rule all contexts share) names the field.
        Assert.Equal((HttpStatusCode.BadRequest, "title"), await InvalidFieldAsync(await alice.ProposeAsync(new { template = "text", title = "" })));
        Assert.Equal((HttpStatusCode.BadRequest, "title"), await InvalidFieldAsync(await alice.ProposeAsync(new { template = "text", title = "Mint \u202Eevil" })));
        Assert.Equal((HttpStatusCode.Conflict, "governance.below_threshold"), await ProblemAsync(await poor.ProposeMintAsyncRaw(to)));

        var id = await alice.ProposeMintAsync(to, "1", "Bad input probe");
        await alice.WaitForProposalAsync(id, p => p.State == "Pending");
        Assert.Equal((HttpStatusCode.Conflict, "governance.voting_closed"), await ProblemAsync(await alice.VoteAsync(id, "For"))); // not open yet
        Assert.Equal(HttpStatusCode.BadRequest, (await alice.VoteAsync(id, "Maybe")).StatusCode);
        await Api.WarpAsync(11);
        await alice.WaitForProposalAsync(id, p => p.State == "Active");
        Assert.Equal(HttpStatusCode.Accepted, (await alice.VoteAsync(id, "For")).StatusCode);
        Assert.Equal((HttpStatusCode.Conflict, "governance.already_voted"), await ProblemAsync(await alice.VoteAsync(id, "Against")));
        Assert.Equal((HttpStatusCode.Conflict, "governance.not_ready"), await ProblemAsync(await alice.Http.PostAsync($"/api/governance/proposals/{id}/execute", null, Ct)));
        await Api.WarpAsync(601);
        await alice.WaitForProposalAsync(id, p => p.State is "Defeated" or "Succeeded" or "Queued");
        Assert.Equal((HttpStatusCode.Conflict, "governance.voting_closed"), await ProblemAsync(await poor.VoteAsync(id, "Against"))); // too late
    }

    async Task<OpenChat.Chain.Governance.Proposals.ProposalView> RunAsync(string id, params (TestUser Voter, string Support)[] votes)
    {
        var first = votes[0].Voter;
        await first.WaitForProposalAsync(id, p => p.State == "Pending");
        await Api.WarpAsync(11);
        await first.WaitForProposalAsync(id, p => p.State == "Active");
        foreach (var (voter, support) in votes) Assert.Equal(HttpStatusCode.Accepted, (await voter.VoteAsync(id, support)).StatusCode);
        await first.WaitForProposalAsync(id, p => p.Votes.Count == votes.Length);
        await Api.WarpAsync(601);
        return await first.WaitForProposalAsync(id, p => p.State is not ("Pending" or "Active"));
    }

    static async Task<Guid> GovernanceChatAsync(TestUser user)
    {
        var chats = await user.Http.GetFromJsonAsync<JsonArray>("/api/chats", ChatApi.Json, Ct);
        return chats!.Select(c => c!).Single(c => (string?)c["title"] == "Governance")["id"]!.GetValue<Guid>();
    }

    static async Task<(HttpStatusCode Status, string? Field)> InvalidFieldAsync(HttpResponseMessage response)
    {
        var errors = JsonNode.Parse(await response.Content.ReadAsStringAsync(Ct))?["errors"]?.AsObject();
        return (response.StatusCode, errors is { Count: 1 } ? errors.Single().Key : errors?.ToJsonString());
    }

    static async Task<(HttpStatusCode Status, string? Code)> ProblemAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync(Ct);
        var code = body.Length > 0 && body.TrimStart().StartsWith('{') ? (string?)JsonNode.Parse(body)?["code"] : null;
        return (response.StatusCode, code);
    }
}

static class RawProposals
{
    public static Task<HttpResponseMessage> ProposeMintAsyncRaw(this TestUser user, string to) =>
        user.ProposeAsync(new { template = "mint", title = "too small to propose", to, amount = "1" });
}
