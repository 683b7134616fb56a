using Microsoft.Playwright;
using OpenChat.Chain.Browser.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace OpenChat.Chain.Browser.Tests.Messaging;

/// <summary>Unsent text stays with its chat: across chat switches and a reload, shown as "Draft: …" in the list (WhatsApp).</summary>
public sealed class DraftTests(Chromium chromium, ServedAppFixture served) : IClassFixture<ServedAppFixture>
{
    [Fact]
    public async Task ADraft_StaysWithItsChat_AcrossSwitchesAndAReload_AndGoesWhenSent()
    {
        await using var alice = await Person.SignUpAsync(chromium.Browser, served.App, "Alice");
        await using var bob = await Person.SignUpAsync(chromium.Browser, served.App, "Bob");
        await using var carol = await Person.SignUpAsync(chromium.Browser, served.App, "Carol");
        await alice.StartDirectChatAsync(bob);
        await alice.Composer.PressSequentiallyAsync("Half-written thought for Bob");

        await alice.StartDirectChatAsync(carol);
        await Expect(alice.Composer).ToHaveValueAsync("");
        await alice.Composer.FillAsync("Something for Carol");
        var bobItem = alice.Page.Locator(".chat-item").Filter(new() { HasText = bob.DisplayName });
        await Expect(bobItem.GetByTestId("draft-preview")).ToHaveTextAsync("Draft: Half-written thought for Bob");
        await alice.ScreenshotAsync("60-draft-in-chat-list");

        await bobItem.ClickAsync();
        await Expect(alice.Composer).ToHaveValueAsync("Half-written thought for Bob");
        var carolItem = alice.Page.Locator(".chat-item").Filter(new() { HasText = carol.DisplayName });
        await Expect(carolItem.GetByTestId("draft-preview")).ToHaveTextAsync("Draft: Something for Carol");

        await alice.Page.ReloadAsync();
        await Expect(alice.Composer).ToHaveValueAsync("Half-written thought for Bob");
        await Expect(carolItem.GetByTestId("draft-preview")).ToHaveTextAsync("Draft: Something for Carol");

        await alice.Composer.PressAsync("Enter");
        await Expect(alice.Page.Locator(".row.mine:not(.pending)").Filter(new() { HasText = "Half-written thought for Bob" })).ToBeVisibleAsync();
        await carolItem.ClickAsync();
        await Expect(alice.Composer).ToHaveValueAsync("Something for Carol");
        await Expect(bobItem.GetByTestId("draft-preview")).ToHaveCountAsync(0);
        await Expect(bobItem).ToContainTextAsync("You: Half-written thought for Bob");
    }
}
