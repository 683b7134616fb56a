using System.Text.RegularExpressions;
using Microsoft.Playwright;
using OpenChat.Chain.Browser.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace OpenChat.Chain.Browser.Tests.Governance;

/// <summary>
/// A mint proposal made, voted and executed through the page, on a service with short governance times; the chain's
/// clock is moved with anvil's RPC and the recipient's balance is read from the chain.
/// </summary>
public sealed class GovernanceScreenTests(Chromium chromium, GovernanceAppFixture served) : IClassFixture<GovernanceAppFixture>
{
    // Anvil's standard test account 3: an outside address nobody in the service owns.
    const string Contributor = "0x90F79bf6EB2c4f870365E785982E1f101E93b906";

    [Fact]
    public async Task MintProposal_CreatedFromATemplate_VotedForAndAbstained_IsQueuedAndExecuted_AndTheCoinsArrive()
    {
        await using var alice = await Person.SignUpAsync(chromium.Browser, served.App, "Alice");
        await using var bob = await Person.SignUpAsync(chromium.Browser, served.App, "Bob");
        var chain = await TestChain.OfAsync(served.App);
        await chain.FundAsync(await alice.AddressAsync(), 3000);
        await chain.FundAsync(await bob.AddressAsync(), 2000);
        var before = await chain.BalanceAsync(Contributor);

        var page = alice.Page;
        var governanceTab = page.GetByRole(AriaRole.Navigation, new() { Name = "Sections" }).GetByRole(AriaRole.Link, new() { Name = "Governance" });
        await governanceTab.ClickAsync();
        await Expect(page.GetByTestId("votes")).ToHaveTextAsync("3,000", new() { Timeout = 60_000 }); // opening governance activated her votes
        // Bob opens governance too before anything is proposed, so his votes count at the proposal's snapshot.
        await bob.Page.GetByRole(AriaRole.Navigation, new() { Name = "Sections" }).GetByRole(AriaRole.Link, new() { Name = "Governance" }).ClickAsync();
        await Expect(bob.Page.GetByTestId("votes")).ToHaveTextAsync("2,000", new() { Timeout = 60_000 });
        await page.GetByRole(AriaRole.Button, new() { Name = "Governance group" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/chats/[0-9a-f-]{36}$"));
        await Expect(page.Locator(".chat-head h1")).ToHaveTextAsync("Governance");
        await governanceTab.ClickAsync();

        await page.GetByRole(AriaRole.Button, new() { Name = "New proposal" }).ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog);
        await Expect(dialog.GetByLabel("Template")).ToHaveValueAsync("mint");
        await dialog.GetByLabel("Title").FillAsync("Reward the docs team");
        await dialog.GetByLabel("Description").FillAsync("100 CHAT for the new user guide.");
        await dialog.GetByLabel("Recipient address").FillAsync(Contributor);
        await dialog.GetByLabel("Amount (CHAT)").FillAsync("100");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Propose" }).ClickAsync();
        var state = page.GetByTestId("proposal-state");
        await Expect(state).ToHaveTextAsync("Pending", new() { Timeout = 60_000 });
        var proposalUrl = new Uri(page.Url).AbsolutePath;

        await chain.WarpAsync(11);
        await Expect(state).ToHaveTextAsync("Active", new() { Timeout = 60_000 });
        await page.GetByLabel("Reason (optional)").FillAsync("Good docs bring people in");
        await page.GetByRole(AriaRole.Button, new() { Name = "Vote For" }).ClickAsync();
        await Expect(page.GetByTestId("my-vote")).ToHaveTextAsync("You voted For with 3,000 votes.", new() { Timeout = 60_000 });

        await bob.Page.GotoAsync(proposalUrl);
        await Expect(bob.Page.GetByTestId("proposal-state")).ToHaveTextAsync("Active", new() { Timeout = 30_000 });
        await bob.Page.Locator(".vote-choice").Filter(new() { HasText = "Abstain" }).ClickAsync();
        await bob.Page.GetByRole(AriaRole.Button, new() { Name = "Vote Abstain" }).ClickAsync();
        await Expect(bob.Page.GetByTestId("my-vote")).ToContainTextAsync("You voted Abstain", new() { Timeout = 60_000 });

        // Live on Alice's page: the tally and the quorum (For and Abstain count towards it) without a reload.
        await Expect(page.GetByTestId("abstain")).ToHaveTextAsync("Abstain 2,000", new() { Timeout = 30_000 });
        await Expect(page.GetByTestId("for")).ToHaveTextAsync("For 3,000");
        await Expect(page.GetByTestId("quorum")).ToContainTextAsync("Quorum 100%");
        await Expect(page.Locator(".vote-reason")).ToHaveTextAsync("“Good docs bring people in”");
        await alice.ScreenshotAsync("23-governance-proposal");
        await page.GetByRole(AriaRole.Button, new() { Name = "All proposals" }).ClickAsync();
        await Expect(page.Locator(".proposal-item")).ToHaveCountAsync(1);
        await alice.ScreenshotAsync("24-governance-list");

        // The service queues a passed proposal and executes it after the timelock delay by itself.
        await chain.WarpAsync(601);
        var item = page.Locator(".proposal-item");
        await Expect(item).ToHaveAttributeAsync("data-state", new Regex("^(Succeeded|Queued)$"), new() { Timeout = 60_000 });
        await Expect(item).ToHaveAttributeAsync("data-state", "Queued", new() { Timeout = 60_000 });
        await chain.WarpAsync(121);
        await Expect(item).ToHaveAttributeAsync("data-state", "Executed", new() { Timeout = 90_000 });
        Assert.Equal(before + TestChain.Units(100m), await chain.BalanceAsync(Contributor));
    }
}
