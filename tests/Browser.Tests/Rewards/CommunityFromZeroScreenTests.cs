using Microsoft.Playwright;
using OpenChat.Chain.Browser.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace OpenChat.Chain.Browser.Tests.Rewards;

/// <summary>
/// A served app as production deploys it (no Deployment:TestFundingCoins: the deployer key holds nothing, the treasury is
/// the timelock's, the rewards pool pays), with short governance times and production's 100-vote proposal threshold.
/// </summary>
public sealed class RewardsAppFixture() : ServedAppFixture(new Dictionary<string, string>
{
    ["Deployment:TestFundingCoins"] = "0",
    // Production's rewards (appsettings.Testing.json switches them off so other tests' balances stay what they fund).
    ["Deployment:WelcomeRewardCoins"] = "100",
    ["Deployment:InviteRewardCoins"] = "50",
    ["Deployment:VotingDelaySeconds"] = "10",
    ["Deployment:VotingPeriodSeconds"] = "600",
    ["Deployment:TimelockDelaySeconds"] = "120",
    ["Deployment:ProposalThresholdCoins"] = "100",
    ["Deployment:QuorumPercent"] = "4",
});

/// <summary>
/// Issue 16's story in Chromium from an empty wallet, nobody funded by the test: the welcome reward arrives, an invite link
/// is copied and used, the invitee's first message pays both, the wallet and governance screens explain it, a proposal
/// raises the welcome reward and passes on the welcomed members' votes, and the next newcomer gets the new amount.
/// </summary>
public sealed class CommunityFromZeroScreenTests(Chromium chromium, RewardsAppFixture served) : IClassFixture<RewardsAppFixture>
{
    static ILocator Section(IPage page, string name) =>
        page.GetByRole(AriaRole.Navigation, new() { Name = "Sections" }).GetByRole(AriaRole.Link, new() { Name = name });

    [Fact]
    public async Task NewUser_FromAnEmptyWallet_IsWelcomedInvitesAFriendAndRaisesTheWelcomeByVote()
    {
        var chain = await TestChain.OfAsync(served.App);
        await using var alice = await Person.SignUpAsync(chromium.Browser, served.App, "Alice");
        var page = alice.Page;
        await Section(page, "Wallet").ClickAsync();
        var start = page.GetByTestId("coins-start");
        await Expect(start).ToContainTextAsync("Invite friends");
        await Expect(page.GetByTestId("welcome-reward")).ToHaveTextAsync("Welcome reward: 100 CHAT received", new() { Timeout = 60_000 });
        await Expect(page.GetByTestId("balance")).ToContainTextAsync("100", new() { Timeout = 30_000 });
        await Expect(page.GetByTestId("reward-rules")).ToContainTextAsync("100 CHAT to welcome each new account");
        await page.GetByTestId("make-invite").ClickAsync();
        var link = await page.GetByTestId("invite-link").TextContentAsync();
        Assert.Matches("/\\?invite=[a-z2-7]{16}$", link);
        await alice.ScreenshotAsync("40-rewards-wallet-welcomed");

        // Dave opens Alice's link and signs up: Alice's chat is there, his first message pays them both.
        await using var dave = await Person.OpenAsync(chromium.Browser, served.App, "Dave");
        await dave.Page.GotoAsync(link!);
        await dave.SignUpAsync();
        await dave.StartDirectChatAsync(alice);
        ILocator Notice(string text) => dave.Page.GetByRole(AriaRole.Note).Filter(new() { HasText = text });
        await Expect(Notice("Joined with an invite")).ToBeVisibleAsync();
        await dave.SendAsync("Hi Alice, thanks for the invite!");
        await Expect(Notice("Invite reward: 50 CHAT each to Alice Example and Dave Example")).ToBeVisibleAsync(new() { Timeout = 60_000 });
        await dave.ScreenshotAsync("41-rewards-invite-announced");
        Assert.Equal(TestChain.Units(150m), await chain.BalanceAsync(await dave.AddressAsync()));

        await page.ReloadAsync();
        await Expect(page.GetByTestId("invite-reward")).ToContainTextAsync("50 CHAT received", new() { Timeout = 30_000 });
        await Expect(page.GetByTestId("history-label").Filter(new() { HasText = "Invite reward" })).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await Expect(page.GetByTestId("history-label").Filter(new() { HasText = "Welcome reward" })).ToBeVisibleAsync();
        Assert.Equal(TestChain.Units(150m), await chain.BalanceAsync(await alice.AddressAsync()));
        await alice.ScreenshotAsync("42-rewards-wallet-history");

        // Governance says what proposing takes; Alice's 150 votes are enough, and the quorum is 4 % of the 300 CHAT circulating.
        await Section(page, "Governance").ClickAsync();
        await Expect(page.GetByTestId("votes")).ToHaveTextAsync("150", new() { Timeout = 60_000 });
        await Expect(page.GetByTestId("threshold-words")).ToContainTextAsync("To propose you need 100 votes: you have enough.");
        await page.GetByRole(AriaRole.Button, new() { Name = "New proposal" }).ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog);
        await dialog.GetByLabel("Template").SelectOptionAsync("reward-rules");
        await dialog.GetByLabel("Title").FillAsync("Welcome newcomers with 150 CHAT");
        await dialog.GetByLabel("Welcome reward (CHAT)").FillAsync("150");
        await dialog.GetByLabel("Invite reward, each side (CHAT)").FillAsync("50");
        await dialog.GetByLabel("Daily budget (CHAT)").FillAsync("10000");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Propose" }).ClickAsync();
        var state = page.GetByTestId("proposal-state");
        await Expect(state).ToHaveTextAsync("Pending", new() { Timeout = 60_000 });
        await chain.WarpAsync(11);
        await Expect(state).ToHaveTextAsync("Active", new() { Timeout = 60_000 });
        await Expect(page.GetByTestId("quorum-needed")).ToContainTextAsync("0 of the 12 votes needed for quorum: 12 more", new() { Timeout = 30_000 });
        await page.GetByRole(AriaRole.Button, new() { Name = "Vote For" }).ClickAsync();
        await Expect(page.GetByTestId("quorum-needed")).ToContainTextAsync("Quorum reached: 150 of the 12 votes needed", new() { Timeout = 60_000 });
        await alice.ScreenshotAsync("43-rewards-proposal-quorum");
        await chain.WarpAsync(601);
        await Expect(state).ToHaveTextAsync("Queued", new() { Timeout = 60_000 });
        await chain.WarpAsync(121);
        await Expect(state).ToHaveTextAsync("Executed", new() { Timeout = 90_000 });

        // The next newcomer is welcomed with the new amount, on chain.
        await using var erin = await Person.SignUpAsync(chromium.Browser, served.App, "Erin");
        await Section(erin.Page, "Wallet").ClickAsync();
        await Expect(erin.Page.GetByTestId("welcome-reward")).ToHaveTextAsync("Welcome reward: 150 CHAT received", new() { Timeout = 60_000 });
        Assert.Equal(TestChain.Units(150m), await chain.BalanceAsync(await erin.AddressAsync()));
        await erin.ScreenshotAsync("44-rewards-next-newcomer");
    }
}
