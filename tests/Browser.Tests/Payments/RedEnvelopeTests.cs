using Microsoft.Playwright;
using OpenChat.Chain.Browser.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace OpenChat.Chain.Browser.Tests.Payments;

/// <summary>Red envelopes (Fair: amounts drawn and paid at the reveal) and tips in three browsers, each with its own passkey; amounts checked against the chain.</summary>
public sealed class RedEnvelopeTests(Chromium chromium, ServedAppFixture served) : IClassFixture<ServedAppFixture>
{
    [Fact]
    public async Task RedEnvelope_DroppedInAGroup_OpenedByBobAndCarol_TheirChainBalancesGrowByWhatThePageShows()
    {
        await using var alice = await Person.SignUpAsync(chromium.Browser, served.App, "Alice");
        await using var bob = await Person.SignUpAsync(chromium.Browser, served.App, "Bob");
        await using var carol = await Person.SignUpAsync(chromium.Browser, served.App, "Carol");
        var chain = await TestChain.OfAsync(served.App);
        await chain.FundAsync(await alice.AddressAsync(), 100);
        var (bobAddress, carolAddress) = (await bob.AddressAsync(), await carol.AddressAsync());
        var (bobBefore, carolBefore) = (await chain.BalanceAsync(bobAddress), await chain.BalanceAsync(carolAddress));

        await alice.CreateGroupAsync("Lunar new year", bob, carol);
        await alice.Page.GetByRole(AriaRole.Button, new() { Name = "Send money or a red envelope" }).ClickAsync();
        var dialog = alice.Page.GetByRole(AriaRole.Dialog);
        await dialog.GetByRole(AriaRole.Tab, new() { Name = "Red envelope" }).ClickAsync();
        await dialog.GetByLabel("Total (CHAT)").FillAsync("30");
        await dialog.GetByLabel("Shares").FillAsync("2");
        await dialog.GetByLabel("Greeting").FillAsync("Happy new year! 🐉");
        await Expect(dialog.GetByLabel("Expires after")).ToHaveValueAsync("24"); // the default: 24 hours
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Review" }).ClickAsync();
        await Expect(alice.Page.GetByTestId("confirm-sheet")).ToBeVisibleAsync();
        await alice.ScreenshotAsync("20-envelope-confirm");
        await alice.ConfirmPaymentAsync("30 CHAT in 2 random shares", "Shares", "Expires");

        var envelope = alice.Page.GetByTestId("envelope");
        await Expect(envelope).ToHaveAttributeAsync("data-state", "open", new() { Timeout = 60_000 });

        foreach (var person in new[] { bob, carol })
        {
            await person.Page.Locator(".chat-item").Filter(new() { HasText = "Lunar new year" }).ClickAsync();
            var theirs = person.Page.GetByTestId("envelope");
            await Expect(theirs).ToContainTextAsync("Happy new year!");
            await theirs.GetByRole(AriaRole.Button, new() { Name = "Open red envelope" }).ClickAsync(); // one tap
            await Expect(person.Page.GetByTestId("my-share")).ToBeVisibleAsync(new() { Timeout = 60_000 });
            if (person == bob) // one of two shares taken: a Fair envelope draws nothing before it closes
                await Expect(person.Page.GetByTestId("my-share")).ToContainTextAsync("your amount is drawn when the envelope closes");
        }

        // Carol's claim closed it; the service reveals the seed and the chain pays both. Then everyone sees who got how
        // much, and the luckiest; every share is taken, and anyone can check the draw.
        await Expect(envelope).ToHaveAttributeAsync("data-state", "empty", new() { Timeout = 60_000 });
        var shares = new List<string>();
        foreach (var person in new[] { bob, carol })
        {
            var share = person.Page.GetByTestId("my-share");
            await Expect(share).ToContainTextAsync("You got", new() { Timeout = 30_000 });
            shares.Add((await share.GetAttributeAsync("data-amount"))!);
        }
        await Expect(envelope.Locator(".claims li")).ToHaveCountAsync(2);
        await Expect(envelope.Locator(".claims li.luckiest")).ToHaveCountAsync(1);
        await Expect(bob.Page.GetByTestId("envelope").Locator(".luck-badge")).ToHaveCountAsync(1, new() { Timeout = 30_000 });
        await bob.Page.GetByTestId("envelope").GetByTestId("verify-envelope").ClickAsync();
        await Expect(bob.Page.GetByTestId("envelope-verification")).ToContainTextAsync("✓ all 2 shares match", new() { Timeout = 30_000 });
        await bob.ScreenshotAsync("21-envelope-open");

        Assert.Equal(bobBefore + TestChain.Units(shares[0]), await chain.BalanceAsync(bobAddress));
        Assert.Equal(carolBefore + TestChain.Units(shares[1]), await chain.BalanceAsync(carolAddress));
        Assert.Equal(TestChain.Units(30m), TestChain.Units(shares[0]) + TestChain.Units(shares[1]));
    }

    [Fact]
    public async Task Tip_OnBobsMessage_ShowsTheTotalAndWhoTipped_AndAPaymentWithANoteTurnsConfirmed()
    {
        await using var alice = await Person.SignUpAsync(chromium.Browser, served.App, "Alice");
        await using var bob = await Person.SignUpAsync(chromium.Browser, served.App, "Bob");
        var chain = await TestChain.OfAsync(served.App);
        await chain.FundAsync(await alice.AddressAsync(), 50);
        var bobAddress = await bob.AddressAsync();
        var before = await chain.BalanceAsync(bobAddress);

        await alice.StartDirectChatAsync(bob);
        await alice.SendAsync("Could you share the slides?");
        await bob.Page.Locator(".chat-item").Filter(new() { HasText = alice.DisplayName }).ClickAsync();
        await bob.SendAsync("Here are the slides 📎");

        var message = alice.Message("Here are the slides");
        await message.HoverAsync();
        await message.GetByRole(AriaRole.Button, new() { Name = "Tip" }).ClickAsync();
        var dialog = alice.Page.GetByRole(AriaRole.Dialog);
        await dialog.GetByRole(AriaRole.Button, new() { Name = "2 CHAT" }).ClickAsync();

        // The first answer says the terms changed after the passkey signed them (409): plain words, and confirm again.
        var refused = false;
        await alice.Page.RouteAsync("**/tips", async route =>
        {
            if (refused)
            {
                await route.ContinueAsync();
                return;
            }
            refused = true;
            await route.FulfillAsync(new()
            {
                Status = 409, ContentType = "application/problem+json",
                Body = """{"status":409,"title":"Conflict","code":"payment.terms_changed","detail":"The payment differs from what was confirmed; confirm it again"}""",
            });
        });
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Review tip" }).ClickAsync();
        await alice.ConfirmPaymentAsync($"Tip {bob.DisplayName} 2 CHAT");
        await Expect(dialog.GetByRole(AriaRole.Alert)).ToContainTextAsync("The details changed after you confirmed. Check them and confirm again.");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Review tip" }).ClickAsync();
        await Expect(alice.Page.GetByTestId("confirm-sheet")).ToBeVisibleAsync();
        await alice.ScreenshotAsync("26-tip-confirm");
        await alice.ConfirmPaymentAsync($"Tip {bob.DisplayName} 2 CHAT");

        await Expect(alice.Page.GetByTestId("tip").Locator("[data-status]")).ToHaveAttributeAsync("data-status", "confirmed", new() { Timeout = 60_000 });
        await Expect(alice.Message("Here are the slides").GetByTestId("tips-total")).ToHaveTextAsync("2 CHAT", new() { Timeout = 30_000 });
        var bobsView = bob.Message("Here are the slides").GetByTestId("tips");
        await Expect(bobsView).ToContainTextAsync($"2 CHAT tipped by {alice.DisplayName}", new() { Timeout = 30_000 });
        Assert.Equal(before + TestChain.Units(2m), await chain.BalanceAsync(bobAddress));

        // Money with a note: the transfer message moves from pending to confirmed (block, tx hash) for both.
        await alice.Page.GetByRole(AriaRole.Button, new() { Name = "Send money or a red envelope" }).ClickAsync();
        await dialog.GetByLabel("Amount (CHAT)").FillAsync("5");
        await dialog.GetByLabel("Note (optional)").FillAsync("for lunch 🍜");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Review" }).ClickAsync();
        await alice.ConfirmPaymentAsync($"Send 5 CHAT to {bob.DisplayName}", "5 CHAT");
        var transfer = bob.Page.GetByTestId("transfer");
        await Expect(transfer).ToContainTextAsync("for lunch");
        await Expect(transfer.Locator("[data-status]")).ToHaveAttributeAsync("data-status", "confirmed", new() { Timeout = 60_000 });
        await Expect(transfer).ToContainTextAsync("block");
        await Expect(alice.Page.GetByTestId("transfer").Locator("[data-status]")).ToHaveAttributeAsync("data-status", "confirmed");
        Assert.Equal(before + TestChain.Units(7m), await chain.BalanceAsync(bobAddress));
        await alice.ScreenshotAsync("22-tip-and-transfer");
    }
}
