using System.Net;
using System.Numerics;
using System.Text.Json.Nodes;
using OpenChat.Chain.Api.Tests.Support;
using OpenChat.Chain.Api.Tests.Wallet;
using OpenChat.Chain.Wallet.Contracts;

namespace OpenChat.Chain.Api.Tests.Governance;

/// <summary>
/// The templates that move the treasury, end to end on the service's own anvil: fund the rewards pool, set its rewards
/// and budget, grant treasury coins to a contributor; each proposed, voted past quorum, queued and executed by the
/// keeper through the timelock, and read back from the chain.
/// </summary>
public sealed class TreasuryTemplateTests(TreasuryTemplateTests.Service service) : IClassFixture<TreasuryTemplateTests.Service>
{
    public sealed class Service() : SharedService(GovernanceApi.Settings());

    ApiFactory Api => service.Api;
    static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task TreasuryTemplates_PassedAndExecuted_MoveTheTreasuryAndSetTheRewards()
    {
        var alice = await Api.VoterAsync("alice", 3000);
        var bob = await Api.VoterAsync("bob", 2000);
        var contributor = (await (await Api.CreateUserAsync("contributor")).GetWalletAsync()).Address;
        var contracts = Api.Chain().Contracts;
        var poolBefore = await Api.CoinBalanceAsync(contracts.RewardsPool);
        var treasuryBefore = await Api.CoinBalanceAsync(contracts.Timelock);

        var ids = new List<string>();
        foreach (var template in new object[]
                 {
                     new { template = "fund-rewards", title = "Top up the rewards", amount = "5000" },
                     new { template = "reward-rules", title = "Raise the welcome reward", welcome = "150", invite = "0", budget = "20000" },
                     new { template = "grant", title = "Pay the translator", to = contributor, amount = "250" },
                 })
        {
            var response = await alice.ProposeAsync(template);
            Assert.True(response.StatusCode == HttpStatusCode.Accepted, await response.Content.ReadAsStringAsync(Ct));
            ids.Add((string)JsonNode.Parse(await response.Content.ReadAsStringAsync(Ct))!["proposalId"]!);
        }
        foreach (var id in ids) await alice.WaitForProposalAsync(id, p => p.State == "Pending");
        await Api.WarpAsync(11);
        foreach (var id in ids)
        {
            await alice.WaitForProposalAsync(id, p => p.State == "Active");
            Assert.Equal(HttpStatusCode.Accepted, (await alice.VoteAsync(id, "For")).StatusCode);
            Assert.Equal(HttpStatusCode.Accepted, (await bob.VoteAsync(id, "For")).StatusCode);
        }
        foreach (var id in ids) await alice.WaitForProposalAsync(id, p => p.Votes.Count == 2);
        await Api.WarpAsync(601);
        foreach (var id in ids) await alice.WaitForProposalAsync(id, p => p.State == "Queued");
        await Api.WarpAsync(121);
        foreach (var id in ids) await alice.WaitForProposalAsync(id, p => p.State == "Executed");

        var pool = Api.Chain().Web3.Eth.GetContract(ContractArtifact.RewardsPool.Abi, contracts.RewardsPool);
        Assert.Equal(WalletApi.Units(150), await pool.GetFunction("welcomeAmount").CallAsync<BigInteger>());
        Assert.Equal(BigInteger.Zero, await pool.GetFunction("inviteAmount").CallAsync<BigInteger>());
        Assert.Equal(WalletApi.Units(20000), await pool.GetFunction("dailyBudget").CallAsync<BigInteger>());
        Assert.Equal(poolBefore + WalletApi.Units(5000), await Api.CoinBalanceAsync(contracts.RewardsPool));
        Assert.Equal(WalletApi.Units(250), await Api.CoinBalanceAsync(contributor));
        Assert.Equal(treasuryBefore - WalletApi.Units(5250), await Api.CoinBalanceAsync(contracts.Timelock));
    }

    [Fact]
    public async Task TreasuryTemplates_WithBadInput_Return400NamingTheField()
    {
        var alice = await Api.VoterAsync("dora", 1500);
        async Task<string?> CodeOf(object template)
        {
            var response = await alice.ProposeAsync(template);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            return (string?)JsonNode.Parse(await response.Content.ReadAsStringAsync(Ct))!["code"];
        }

        Assert.Equal("governance.invalid_amount", await CodeOf(new { template = "fund-rewards", title = "x", amount = "-1" }));
        Assert.Equal("governance.invalid_recipient", await CodeOf(new { template = "grant", title = "x", to = "0x12", amount = "1" }));
        Assert.Equal("governance.invalid_value", await CodeOf(new { template = "reward-rules", title = "x", welcome = "lots", invite = "1", budget = "1" }));
        Assert.Equal("governance.invalid_value", await CodeOf(new { template = "reward-rules", title = "x", welcome = "1", invite = "1" }));
    }
}
