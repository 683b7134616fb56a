using System.Net;
using System.Net.Http.Json;
using Nethereum.JsonRpc.Client;
using OpenChat.Chain.Api.Tests.Support;
using OpenChat.Chain.Api.Tests.Wallet;
using OpenChat.Chain.Governance.Proposals;
using OpenChat.Chain.Governance.Governor;
using OpenChat.Chain.Wallet.Votes;

namespace OpenChat.Chain.Api.Tests.Governance;

/// <summary>Governance over HTTP, and the chain's clock moved with anvil's RPC.</summary>
public static class GovernanceApi
{
    public const string RunningCommit = "0123456789abcdef0123456789abcdef01234567";
    static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>
    /// Short governance times and test funding small enough that test users can reach quorum (4% of the 100,000 CHAT
    /// circulating = 4,000 CHAT; the treasury and the rewards pool are governance-held, outside it).
    /// </summary>
    public static Dictionary<string, string> Settings(string voteWeighting = "plain") => new()
    {
        ["Deployment:TestFundingCoins"] = "100000",
        ["Deployment:VotingDelaySeconds"] = "10",
        ["Deployment:VotingPeriodSeconds"] = "600",
        ["Deployment:TimelockDelaySeconds"] = "120",
        ["Deployment:ProposalThresholdCoins"] = "1000",
        ["Deployment:QuorumPercent"] = "4",
        ["Deployment:VoteWeighting"] = voteWeighting,
        ["Deployment:CoinAgeMaturitySeconds"] = "8000",
        ["Release:Commit"] = RunningCommit,
    };

    public static Task<HttpResponseMessage> ProposeAsync(this TestUser user, object template, string? key = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/governance/proposals") { Content = JsonContent.Create(template, options: ChatApi.Json) };
        request.Headers.Add("Idempotency-Key", key ?? Guid.NewGuid().ToString());
        return user.Http.SendAsync(request, Ct);
    }

    public static async Task<string> ProposeMintAsync(this TestUser user, string to, string amount, string title)
    {
        var response = await user.ProposeAsync(new { template = "mint", title, description = "for contributors", to, amount });
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, await response.Content.ReadAsStringAsync(Ct));
        return (await response.Content.ReadFromJsonAsync<Proposed>(ChatApi.Json, Ct))!.ProposalId;
    }

    public static Task<HttpResponseMessage> VoteAsync(this TestUser user, string proposalId, string support, string? reason = null) =>
        user.Http.PostAsJsonAsync($"/api/governance/proposals/{proposalId}/votes", new { support, reason }, ChatApi.Json, Ct);

    /// <summary>POST /api/governance/delegate, confirmed with the user's passkey (delegation always asks).</summary>
    public static async Task<HttpResponseMessage> DelegateAsync(this TestUser user, Guid toUserId)
    {
        var key = Guid.NewGuid().ToString();
        var confirmation = await Custody.CustodyApi.ConfirmAsync(user, new { kind = "Delegate", toUserId, idempotencyKey = key });
        return await Custody.CustodyApi.PostWithKeyAsync(user, "/api/governance/delegate", key, new { toUserId, confirmation });
    }

    public static async Task<ProposalView> WaitForProposalAsync(this TestUser user, string proposalId, Func<ProposalView, bool> done, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(90));
        while (true)
        {
            var response = await user.Http.GetAsync($"/api/governance/proposals/{proposalId}", Ct);
            if (response.IsSuccessStatusCode)
            {
                var view = (await response.Content.ReadFromJsonAsync<ProposalView>(ChatApi.Json, Ct))!;
                if (done(view)) return view;
                if (DateTime.UtcNow > deadline) Assert.Fail($"proposal {proposalId} still {view.State}, {view.Votes.Count} votes");
            }
            else if (DateTime.UtcNow > deadline) Assert.Fail($"proposal {proposalId}: {(int)response.StatusCode}");
            await Task.Delay(250, Ct);
        }
    }

    /// <summary>Moves the chain's clock forward and mines a block at the new time.</summary>
    public static async Task WarpAsync(this ApiFactory api, long seconds)
    {
        var client = api.Chain().Web3.Client;
        await client.SendRequestAsync<object>(new RpcRequest(Guid.NewGuid().ToString(), "evm_increaseTime", seconds));
        await client.SendRequestAsync<object>(new RpcRequest(Guid.NewGuid().ToString(), "evm_mine"));
    }

    /// <summary>Turns the user's votes on, as the web client does when governance opens (a relayed self-delegation).</summary>
    public static Task<HttpResponseMessage> ActivateVotingAsync(this TestUser user) =>
        user.Http.PostAsync("/api/governance/activate", null, Ct);

    /// <summary>Waits until the account's votes (self-delegation done, funding mined) reach <paramref name="coins"/>.</summary>
    public static async Task WaitForVotesAsync(this TestUser user, decimal coins)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            var power = await user.Http.GetFromJsonAsync<OpenChat.Chain.Governance.Governor.VotingPowerView>("/api/governance/voting-power", ChatApi.Json, Ct);
            if (decimal.Parse(power!.Votes, System.Globalization.CultureInfo.InvariantCulture) >= coins) return;
            if (DateTime.UtcNow > deadline) Assert.Fail($"{user.Handle} has {power.Votes} votes, not {coins}");
            await Task.Delay(250, Ct);
        }
    }

    /// <summary>A user who activated voting (as opening governance does) and holds <paramref name="coins"/> votes.</summary>
    public static async Task<TestUser> VoterAsync(this ApiFactory api, string name, decimal coins)
    {
        var user = await api.CreateUserAsync(name);
        var activated = await user.ActivateVotingAsync();
        Assert.True(activated.StatusCode == HttpStatusCode.Accepted, await activated.Content.ReadAsStringAsync(Ct));
        if (coins > 0)
        {
            await api.FundAsync(user, coins);
            await user.WaitForVotesAsync(coins);
        }
        return user;
    }
}
