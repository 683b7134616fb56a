using System.Net;
using System.Numerics;
using System.Text.Json.Nodes;
using OpenChat.Chain.Api.Tests.Governance;
using OpenChat.Chain.Api.Tests.Support;
using OpenChat.Chain.Api.Tests.Wallet;
using OpenChat.Chain.Payments.Rewards;
using OpenChat.Chain.Wallet.Contracts;

namespace OpenChat.Chain.Api.Tests.Rewards;

/// <summary>
/// Issue 16's story on a fresh embedded install with no coins for the deployer key (no Deployment:TestFundingCoins, no
/// funding in this host): people who sign up with passkeys are welcomed by the rewards pool, an invite pays both sides
/// once the invitee wrote, and the welcomed members alone pass a proposal that raises the welcome reward; the next
/// newcomer gets the new amount. Every balance and rule is read back from the chain.
/// </summary>
public sealed class CommunityFromZeroTests(CommunityFromZeroTests.Service service) : IClassFixture<CommunityFromZeroTests.Service>
{
    public sealed class Service : IAsyncLifetime
    {
        public ApiFactory Api { get; } = new() { Settings = Settings() };

        static Dictionary<string, string> Settings()
        {
            var settings = GovernanceApi.Settings();
            settings["Deployment:TestFundingCoins"] = "0"; // appsettings.Testing.json mints 100,000,000 to the deployer otherwise
            settings["Deployment:ProposalThresholdCoins"] = "100"; // production's default: one welcome reward
            // Production's rewards: appsettings.Testing.json switches them off so other tests' balances stay what they fund.
            settings["Deployment:WelcomeRewardCoins"] = "100";
            settings["Deployment:InviteRewardCoins"] = "50";
            settings["Rewards:WelcomePerDevicePerDay"] = "1";
            return settings;
        }

        public async ValueTask InitializeAsync() =>
            Assert.Equal(HttpStatusCode.OK, (await Api.WaitUntilHealthyAsync(TimeSpan.FromSeconds(90))).StatusCode);

        public ValueTask DisposeAsync() => Api.DisposeAsync();
    }

    ApiFactory Api => service.Api;
    static CancellationToken Ct => TestContext.Current.CancellationToken;

    async Task<BigInteger> CoinsOf(TestUser user) => await Api.CoinBalanceAsync((await user.GetWalletAsync()).Address);

    static bool Paid(RewardView? reward) => reward is { Status: RewardStatus.Paid };

    [Fact]
    public async Task NewCommunity_FromZero_WelcomesInvitesAndPassesARewardRaise()
    {
        var contracts = Api.Chain().Contracts;
        var deployer = Api.Chain().SystemAccount;
        Assert.Equal(BigInteger.Zero, await Api.CoinBalanceAsync(deployer));

        // 1. Three people sign up with passkeys; each is welcomed by the pool (100 CHAT), read from the chain.
        var alice = await Api.SignUpAsync("Alice");
        var bob = await Api.SignUpAsync("Bob");
        var carol = await Api.SignUpAsync("Carol");
        foreach (var user in new[] { alice, bob, carol })
        {
            var rewards = await user.WaitForRewardsAsync(r => Paid(r.Welcome), "welcome reward paid");
            Assert.Equal("100", rewards.Welcome!.Amount);
            Assert.Equal(WalletApi.Units(100), await CoinsOf(user));
        }

        // 2. Alice invites Dave; Dave is welcomed at once, the invite reward waits for his first message.
        var invite = await alice.InviteAsync();
        Assert.Equal(invite.Code, (await alice.InviteAsync()).Code); // one code per person
        var dave = await Api.SignUpAsync("Dave", invite.Code);
        var daves = await dave.WaitForRewardsAsync(r => Paid(r.Welcome), "welcome reward paid");
        Assert.Equal(RewardStatus.Waiting, Assert.Single(daves.Invites).Status);
        var chat = await dave.DirectChatWith(alice); // opened at sign-up: this finds it
        await dave.Send(chat.Id, "Hi Alice, thanks for the invite!");
        var invited = await dave.WaitForRewardsAsync(r => Paid(r.Invites.SingleOrDefault()), "invite reward paid");
        Assert.Equal("50", invited.Invites[0].Amount);
        Assert.Equal("invitee", invited.Invites[0].Role);
        Assert.Equal("inviter", Assert.Single((await alice.RewardsAsync()).Invites).Role);
        Assert.Equal(WalletApi.Units(150), await CoinsOf(alice));
        Assert.Equal(WalletApi.Units(150), await CoinsOf(dave));
        var pool = Api.Chain().Web3.Eth.GetContract(ContractArtifact.RewardsPool.Abi, contracts.RewardsPool);
        Assert.True(await pool.GetFunction("invited").CallAsync<bool>((await dave.GetWalletAsync()).Address));

        // The system announces both rewards in Alice and Dave's chat, and the wallet history names them.
        await WaitUntilAsync(async () => (await dave.History(chat.Id)).Any(m => m.Text?.StartsWith("🎁 Invite reward: 50 CHAT each", StringComparison.Ordinal) == true),
            "invite reward notice in the chat");
        Assert.Contains(await dave.History(chat.Id), m => m.Text?.StartsWith("🎁 Welcome reward: 100 CHAT", StringComparison.Ordinal) == true);
        await WaitUntilAsync(async () =>
        {
            var labels = (await alice.HistoryAsync()).Items.Select(i => i.Label).ToList();
            return labels.Contains("Welcome reward") && labels.Contains("Invite reward");
        }, "alice's history labels both rewards");

        // 3. The welcomed members raise the welcome reward: threshold 100 CHAT, quorum 4 % of 500 circulating = 20 CHAT.
        foreach (var user in new[] { alice, bob, carol, dave })
            Assert.Equal(HttpStatusCode.Accepted, (await user.ActivateVotingAsync()).StatusCode);
        await alice.WaitForVotesAsync(150);
        await bob.WaitForVotesAsync(100);
        var proposed = await alice.ProposeAsync(new { template = "reward-rules", title = "Welcome newcomers with 150 CHAT", welcome = "150", invite = "50", budget = "10000" });
        Assert.True(proposed.StatusCode == HttpStatusCode.Accepted, await proposed.Content.ReadAsStringAsync(Ct));
        var id = (string)JsonNode.Parse(await proposed.Content.ReadAsStringAsync(Ct))!["proposalId"]!;
        await alice.WaitForProposalAsync(id, p => p.State == "Pending");
        await Api.WarpAsync(11);
        var active = await alice.WaitForProposalAsync(id, p => p.State == "Active");
        // 4 % of what circulated at the snapshot (500 CHAT of rewards, more if this class's other test ran first), not of the 100M supply.
        var coin = Api.Chain().Web3.Eth.GetContract(ContractArtifact.ChatCoin.Abi, contracts.ChatCoin);
        var circulating = await coin.GetFunction("getPastCirculatingSupply").CallAsync<BigInteger>(new BigInteger(active.VoteStart.ToUnixTimeSeconds()));
        Assert.InRange(circulating, WalletApi.Units(500), WalletApi.Units(700));
        Assert.Equal(circulating * 4 / 100, WalletApi.Units(decimal.Parse(active.Quorum, System.Globalization.CultureInfo.InvariantCulture)));
        Assert.Equal(HttpStatusCode.Accepted, (await alice.VoteAsync(id, "For")).StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, (await bob.VoteAsync(id, "For")).StatusCode);
        await alice.WaitForProposalAsync(id, p => p.Votes.Count == 2);
        await Api.WarpAsync(601);
        await alice.WaitForProposalAsync(id, p => p.State == "Queued");
        await Api.WarpAsync(121);
        await alice.WaitForProposalAsync(id, p => p.State == "Executed");
        Assert.Equal(WalletApi.Units(150), await pool.GetFunction("welcomeAmount").CallAsync<BigInteger>());

        // 4. The next newcomer receives the new amount.
        var erin = await Api.SignUpAsync("Erin");
        Assert.Equal("150", (await erin.WaitForRewardsAsync(r => Paid(r.Welcome), "welcome reward paid")).Welcome!.Amount);
        Assert.Equal(WalletApi.Units(150), await CoinsOf(erin));
        Assert.True(await pool.GetFunction("welcomed").CallAsync<bool>((await erin.GetWalletAsync()).Address));
        Assert.Equal(BigInteger.Zero, await Api.CoinBalanceAsync(deployer));
    }

    [Fact]
    public async Task SignUp_FromADeviceAlreadyRewardedToday_SucceedsUnrewardedAndSaysWhy()
    {
        var device = Guid.NewGuid().ToString();
        var first = await Api.SignUpAsync("Fay", deviceId: device);
        await first.WaitForRewardsAsync(r => Paid(r.Welcome), "welcome reward paid");

        var second = await Api.SignUpAsync("Gus", deviceId: device);

        var refused = (await second.RewardsAsync()).Welcome!;
        Assert.Equal(RewardStatus.Refused, refused.Status);
        Assert.Contains("this device", refused.Reason);
        Assert.Equal(BigInteger.Zero, await CoinsOf(second));
    }

    [Fact]
    public async Task SignUp_WithAMalformedInviteCode_Returns400NamingTheField()
    {
        var (response, _) = await Api.TrySignUpAsync("Hal", inviteCode: "NOT-A-CODE!");

        var (status, _, body) = await ChatApi.Problem(response);
        Assert.Equal(400, status);
        Assert.True(body.GetProperty("errors").TryGetProperty("inviteCode", out _));
    }

    static async Task WaitUntilAsync(Func<Task<bool>> condition, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline) Assert.Fail($"timed out: {what}");
            await Task.Delay(250, Ct);
        }
    }
}
