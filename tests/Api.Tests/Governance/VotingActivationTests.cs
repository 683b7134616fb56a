using System.Net;
using System.Net.Http.Json;
using System.Numerics;
using OpenChat.Chain.Api.Governance;
using OpenChat.Chain.Api.Tests.Support;
using OpenChat.Chain.Api.Tests.Wallet;
using OpenChat.Chain.Wallet.Contracts;
using OpenChat.Chain.Governance.Governor;
using OpenChat.Chain.Wallet.Votes;

namespace OpenChat.Chain.Api.Tests.Governance;

/// <summary>
/// Members are not delegated by default (their transfers write no vote checkpoints); opening governance turns their
/// votes on, and the voting delay (an hour here) leaves time to do that after seeing a proposal.
/// </summary>
public sealed class VotingActivationTests(VotingActivationTests.Service service) : IClassFixture<VotingActivationTests.Service>
{
    public sealed class Service() : SharedService(WithDelay(GovernanceApi.Settings(), 3600))
    {
        static Dictionary<string, string> WithDelay(Dictionary<string, string> settings, int seconds)
        {
            settings["Deployment:VotingDelaySeconds"] = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
            return settings;
        }
    }

    ApiFactory Api => service.Api;
    static CancellationToken Ct => TestContext.Current.CancellationToken;

    async Task<BigInteger> CheckpointsOfAsync(string address) =>
        await Api.Chain().Web3.Eth.GetContract(ContractArtifact.ChatCoin.Abi, Api.Chain().Contracts.ChatCoin)
            .GetFunction("numCheckpoints").CallAsync<BigInteger>(address);

    [Fact]
    public async Task ActivateVoting_AfterSeeingAProposal_CountsTheMembersCoinsInIt()
    {
        var alice = await Api.VoterAsync("alice", 3000);
        var bob = await Api.CreateUserAsync("bob");
        var bobAddress = (await bob.GetWalletAsync()).Address;
        await Api.FundAsync(bob, 2000);
        var before = await bob.Http.GetFromJsonAsync<VotingPowerView>("/api/governance/voting-power", ChatApi.Json, Ct);
        Assert.Equal(("0", "2000"), (before!.Votes, before.Balance)); // holds coins, votes nothing: not delegated
        Assert.Matches("^0x0{40}$", before.DelegatesTo);
        Assert.Equal(BigInteger.Zero, await CheckpointsOfAsync(bobAddress)); // the funding wrote no vote checkpoint

        var id = await alice.ProposeMintAsync(bobAddress, "1", "Seen by bob");
        await alice.WaitForProposalAsync(id, p => p.State == "Pending");
        var first = await bob.ActivateVotingAsync();
        var again = await bob.ActivateVotingAsync();
        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode); // one self-delegation per account
        var queued = await first.Content.ReadFromJsonAsync<VotingActivation>(ChatApi.Json, Ct);
        Assert.Equal(queued!.Transfer!.Id, (await again.Content.ReadFromJsonAsync<VotingActivation>(ChatApi.Json, Ct))!.Transfer!.Id);
        await bob.WaitForVotesAsync(2000);

        await Api.WarpAsync(3601);
        await alice.WaitForProposalAsync(id, p => p.State == "Active");
        Assert.Equal(HttpStatusCode.Accepted, (await bob.VoteAsync(id, "For")).StatusCode);
        var counted = await alice.WaitForProposalAsync(id, p => p.Votes.Count == 1);
        Assert.Equal("2000", Assert.Single(counted.Votes).Weight);
    }

    [Fact]
    public async Task ActivateVoting_WhenTheMemberDelegatedElsewhere_QueuesNothing()
    {
        var carol = await Api.VoterAsync("carol", 0);
        var dave = await Api.CreateUserAsync("dave");
        Assert.Equal(HttpStatusCode.Accepted, (await dave.DelegateAsync(carol.Id)).StatusCode);
        var deadline = DateTime.UtcNow.AddSeconds(60);
        VotingPowerView? power;
        do
        {
            await Task.Delay(250, Ct);
            power = await dave.Http.GetFromJsonAsync<VotingPowerView>("/api/governance/voting-power", ChatApi.Json, Ct);
            Assert.True(DateTime.UtcNow < deadline, "dave's delegation was not mined");
        } while (power!.DelegatesTo.Equals("0x0000000000000000000000000000000000000000", StringComparison.OrdinalIgnoreCase));

        var response = await dave.ActivateVotingAsync();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var activation = await response.Content.ReadFromJsonAsync<VotingActivation>(ChatApi.Json, Ct);
        Assert.Equal((true, (object?)null), (activation!.AlreadyActive, (object?)activation.Transfer));
    }
}
