using Microsoft.Playwright;
using OpenChat.Chain.Browser.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace OpenChat.Chain.Browser.Tests.Circles;

/// <summary>A paid circle: the owner sets the rule in the group's info; an outsider sees its public page and pays to join.</summary>
public sealed class CircleJoinTests(Chromium chromium, ServedAppFixture served) : IClassFixture<ServedAppFixture>
{
    [Fact]
    public async Task PaidCircle_OwnerSetsTheRule_AnOutsiderSeesThePriceAndJoinsWithAPasskey_AndPaysExactlyThePrice()
    {
        await using var olivia = await Person.SignUpAsync(chromium.Browser, served.App, "Olivia");
        await using var bob = await Person.SignUpAsync(chromium.Browser, served.App, "Bob");
        var chain = await TestChain.OfAsync(served.App);
        var bobAddress = await bob.AddressAsync();
        await chain.FundAsync(bobAddress, 20);

        var chatId = await olivia.CreateGroupAsync("Deep dives");
        await olivia.SendAsync("Welcome to the deep dives 🤿");
        await olivia.Page.GetByRole(AriaRole.Button, new() { Name = "Group info" }).ClickAsync();
        var info = olivia.Page.GetByRole(AriaRole.Dialog);
        await info.GetByRole(AriaRole.Button, new() { Name = "Set an entry rule" }).ClickAsync();
        await info.GetByLabel("Access").SelectOptionAsync("Pay");
        await info.GetByLabel("Description (what outsiders read)").FillAsync("Weekly deep dives into the protocol");
        await info.GetByLabel("Price (CHAT)").FillAsync("5");
        await info.GetByLabel("Per period (days)").FillAsync("30");
        await info.GetByRole(AriaRole.Button, new() { Name = "Save rule" }).ClickAsync();
        await Expect(info.GetByTestId("rule-text")).ToHaveTextAsync("Pay to join: 5 CHAT every 30 days");
        await Expect(info.GetByText("Registering on the chain…")).ToHaveCountAsync(0, new() { Timeout = 60_000 });
        await Expect(info.GetByTestId("circle-link")).ToHaveTextAsync($"{served.App.BaseUrl}/circles/{chatId}");

        // Bob is outside: the public page shows name, description, rule, price and member count, never messages.
        await bob.Page.GotoAsync($"/circles/{chatId}");
        var circle = bob.Page.GetByTestId("circle");
        await Expect(circle.GetByTestId("circle-title")).ToHaveTextAsync("Deep dives");
        await Expect(circle).ToContainTextAsync("Weekly deep dives into the protocol");
        await Expect(circle.GetByTestId("circle-price")).ToHaveTextAsync("5 CHAT / 30 days");
        await Expect(circle.GetByTestId("circle-members")).ToHaveTextAsync("1");
        await Expect(circle).Not.ToContainTextAsync("Welcome to the deep dives");
        await bob.ScreenshotAsync("25-circle-join");

        await circle.GetByRole(AriaRole.Button, new() { Name = "Join for 5 CHAT" }).ClickAsync();
        await bob.Page.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Button, new() { Name = "Review" }).ClickAsync();
        await bob.ConfirmPaymentAsync("1 × 5 CHAT = 5 CHAT", "Price per period");
        await Expect(bob.Page.Locator(".chat-head h1")).ToHaveTextAsync("Deep dives", new() { Timeout = 90_000 });
        await Expect(bob.Message("Welcome to the deep dives")).ToBeVisibleAsync();
        Assert.Equal(TestChain.Units(15m), await chain.BalanceAsync(bobAddress));

        // The join is a notice: a centered, muted line with a local date, never Bob's bubble; the chat lists say what happened.
        var notice = bob.Page.GetByTestId("notice");
        await Expect(notice).ToContainTextAsync("You joined: paid 1 period at 5 CHAT, member until", new() { Timeout = 30_000 });
        await Expect(notice).Not.ToContainTextAsync(new System.Text.RegularExpressions.Regex(@"\d{4}-\d\d-\d\d"));
        await Expect(bob.Page.Locator(".row").Filter(new() { HasText = "joined" })).ToHaveCountAsync(0);
        await Expect(bob.Page.Locator(".chat-item").Filter(new() { HasText = "Deep dives" }).Locator(".chat-item-preview")).ToHaveTextAsync("You joined");
        await Expect(olivia.Page.GetByTestId("notice")).ToContainTextAsync($"{bob.DisplayName} joined", new() { Timeout = 30_000 });
        await Expect(olivia.Page.Locator(".chat-item").Filter(new() { HasText = "Deep dives" }).Locator(".chat-item-preview"))
            .ToHaveTextAsync($"{bob.DisplayName} joined");
        await info.GetByRole(AriaRole.Button, new() { Name = "Close", Exact = true }).ClickAsync();
        await olivia.ScreenshotAsync("33-system-notice");

        // A member sees the rule in the group's info, and Renew.
        await bob.Page.GetByRole(AriaRole.Button, new() { Name = "Group info" }).ClickAsync();
        await Expect(bob.Page.GetByRole(AriaRole.Dialog).GetByTestId("rule-text")).ToHaveTextAsync("Pay to join: 5 CHAT every 30 days");
        await Expect(bob.Page.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Button, new() { Name = "Renew" })).ToBeVisibleAsync();
    }
}
