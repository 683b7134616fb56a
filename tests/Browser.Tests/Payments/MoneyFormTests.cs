using Microsoft.Playwright;
using OpenChat.Chain.Browser.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace OpenChat.Chain.Browser.Tests.Payments;

/// <summary>Money forms check as you type with the server's rules and say why Review is disabled; amounts read like amounts.</summary>
public sealed class MoneyFormTests(Chromium chromium, ServedAppFixture served) : IClassFixture<ServedAppFixture>
{
    [Fact]
    public async Task EnvelopeForm_SaysWhyReviewIsDisabled_ForTooMuchLettersZeroTooManySharesAndDust_ThenDropsTheChineseGreeting()
    {
        await using var alice = await Person.SignUpAsync(chromium.Browser, served.App, "Alice");
        await using var bob = await Person.SignUpAsync(chromium.Browser, served.App, "Bob");
        var chain = await TestChain.OfAsync(served.App);
        await chain.FundAsync(await alice.AddressAsync(), "20.123456789");

        // The balance is grouped with at most 6 decimals; a tap shows every one.
        await alice.Page.GetByRole(AriaRole.Link, new() { Name = "Wallet" }).ClickAsync();
        var balance = alice.Page.GetByTestId("balance");
        await Expect(balance).ToHaveTextAsync("20.123456 CHAT", new() { Timeout = 30_000 });
        await balance.GetByTestId("amount").ClickAsync();
        await Expect(balance).ToHaveTextAsync("20.123456789 CHAT");
        await alice.Page.GetByRole(AriaRole.Link, new() { Name = "Chats", Exact = true }).ClickAsync();

        await alice.StartDirectChatAsync(bob);
        await alice.Page.GetByRole(AriaRole.Button, new() { Name = "Send money or a red envelope" }).ClickAsync();
        var dialog = alice.Page.GetByRole(AriaRole.Dialog);
        await dialog.GetByRole(AriaRole.Tab, new() { Name = "Red envelope" }).ClickAsync();
        var review = dialog.GetByRole(AriaRole.Button, new() { Name = "Review" });
        var why = dialog.GetByTestId("why-disabled");
        var total = dialog.GetByLabel("Total (CHAT)");
        var shares = dialog.GetByLabel("Shares");
        // The hint names the cap of the split chosen: a random split's fair reveal pays every share in one transaction.
        var hint = dialog.Locator(".field-hint").Filter(new() { HasText = "Each share gets at least" });
        await Expect(hint).ToContainTextAsync("at most 500 shares in a random split.");
        await dialog.GetByLabel("Equal").CheckAsync();
        await Expect(hint).ToContainTextAsync("at most 1,000 shares.");
        await dialog.GetByLabel("Random (lucky draw)").CheckAsync();

        foreach (var (totalText, sharesText, reason) in new[]
                 {
                     ("99999", "2", "That's more than you have: 20.123456 CHAT."),
                     ("abc", "2", "Use digits and a dot, like 12.5."),
                     ("-1", "2", "The amount must be more than zero."),
                     ("0", "2", "The amount must be more than zero."),
                     ("5", "600", "A random split has at most 500 shares (an equal one up to 1,000)."),
                     ("0.05", "10", "Each share needs at least 0.01 CHAT: for 10 shares the total must be at least 0.1 CHAT."),
                 })
        {
            await total.FillAsync(totalText);
            await shares.FillAsync(sharesText);
            await Expect(why).ToHaveTextAsync(reason);
            await Expect(review).ToBeDisabledAsync();
            if (totalText == "0.05") await alice.ScreenshotAsync("34-envelope-form-says-why");
        }

        // Fine terms: Review opens, the default Chinese greeting goes with it, and the card shows it (CJK font installed).
        await total.FillAsync("8.8");
        await shares.FillAsync("2");
        await Expect(why).ToHaveCountAsync(0);
        await Expect(dialog.GetByLabel("Greeting")).ToHaveValueAsync("恭喜发财, best wishes!");
        await review.ClickAsync();
        await alice.ConfirmPaymentAsync("8.8 CHAT in 2 random shares");
        var envelope = alice.Page.GetByTestId("envelope");
        await Expect(envelope).ToContainTextAsync("恭喜发财");
        await Expect(envelope).ToHaveAttributeAsync("data-state", "open", new() { Timeout = 60_000 });
        await alice.ScreenshotAsync("35-envelope-chinese-greeting");
    }
}
