using Microsoft.Playwright;
using OpenChat.Chain.Browser.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace OpenChat.Chain.Browser.Tests.Messaging;

/// <summary>Two people in two browser contexts, talking through the real hub.</summary>
public sealed class ConversationTests(Chromium chromium, ServedAppFixture served) : IClassFixture<ServedAppFixture>
{
    [Fact]
    public async Task DirectMessage_ReachesBobLive_AndAlicesTicksTurnToReadWhenBobReads()
    {
        await using var alice = await Person.SignUpAsync(chromium.Browser, served.App, "Alice");
        await using var bob = await Person.SignUpAsync(chromium.Browser, served.App, "Bob");
        await alice.StartDirectChatAsync(bob);

        await alice.SendAsync("Hi Bob! Lunch today?");

        // Bob is on his chat list: the chat appears live with one unread message, and his device reports delivery.
        var chatItem = bob.Page.Locator(".chat-item").Filter(new() { HasText = alice.DisplayName });
        await Expect(chatItem).ToContainTextAsync("Hi Bob! Lunch today?");
        await Expect(chatItem.Locator(".badge")).ToHaveTextAsync("1");
        var tick = alice.Message("Hi Bob! Lunch today?").Locator("[data-tick]");
        await Expect(tick).ToHaveAttributeAsync("data-tick", "delivered");
        await bob.ScreenshotAsync("03-chat-list");

        await chatItem.ClickAsync();
        await Expect(bob.Message("Hi Bob! Lunch today?")).ToBeVisibleAsync();
        await Expect(tick).ToHaveAttributeAsync("data-tick", "read");
        await Expect(chatItem.Locator(".badge")).ToHaveCountAsync(0);

        // A reply to her message and a reaction, seen live on Alice's side.
        await bob.Message("Hi Bob! Lunch today?").HoverAsync();
        await bob.Message("Hi Bob! Lunch today?").GetByRole(AriaRole.Button, new() { Name = "Reply" }).ClickAsync();
        await bob.SendAsync("Sure! 12:30 at the usual place?");
        await Expect(alice.Message("Sure! 12:30 at the usual place?").Locator(".quote")).ToContainTextAsync("Hi Bob! Lunch today?");
        await alice.Message("Sure! 12:30").HoverAsync();
        await alice.Message("Sure! 12:30").GetByRole(AriaRole.Button, new() { Name = "React", Exact = true }).ClickAsync();
        await alice.Page.GetByRole(AriaRole.Menuitem, new() { Name = "React 👍" }).ClickAsync();
        await Expect(bob.Message("Sure! 12:30").Locator(".reaction")).ToContainTextAsync("👍");
        await alice.SendAsync("Perfect, see you there 🙌");
        await Expect(alice.Message("Perfect, see you there").Locator("[data-tick]")).ToHaveAttributeAsync("data-tick", "read");
        await alice.Page.Mouse.MoveAsync(1, 1);
        await alice.ScreenshotAsync("04-chat-view");
    }

    [Fact]
    public async Task Typing_ShowsOnTheOtherSide_AndStopsWhenTheMessageArrives()
    {
        await using var alice = await Person.SignUpAsync(chromium.Browser, served.App, "Alice");
        // Bob is on a phone: one pane at a time, the chat list first.
        await using var bob = await Person.SignUpAsync(chromium.Browser, served.App, "Bob", Person.Phone);
        await alice.StartDirectChatAsync(bob);
        await alice.SendAsync("Are you there?");
        var chatItem = bob.Page.Locator(".chat-item").Filter(new() { HasText = alice.DisplayName });
        await Expect(chatItem.Locator(".badge")).ToHaveTextAsync("1");
        await bob.ScreenshotAsync("11-phone-chat-list");
        await chatItem.ClickAsync();
        await Expect(bob.Page.GetByRole(AriaRole.Button, new() { Name = "Back to chats" })).ToBeVisibleAsync();

        await bob.Composer.PressSequentiallyAsync("Yes, one moment", new() { Delay = 30 });

        var subtitle = alice.Page.GetByTestId("chat-subtitle");
        await Expect(subtitle).ToHaveTextAsync($"{bob.DisplayName} is typing…");
        await alice.ScreenshotAsync("05-typing");
        await bob.Composer.PressAsync("Enter");
        await Expect(alice.Message("Yes, one moment")).ToBeVisibleAsync();
        await Expect(subtitle).Not.ToContainTextAsync("typing");
        await bob.ScreenshotAsync("12-phone-chat");
    }

    [Fact]
    public async Task Search_FindsAMessageInAnyChat_AndJumpsToIt()
    {
        await using var alice = await Person.SignUpAsync(chromium.Browser, served.App, "Alice");
        await using var bob = await Person.SignUpAsync(chromium.Browser, served.App, "Bob");
        await alice.StartDirectChatAsync(bob);
        await alice.SendAsync("The trailhead is at Eagle Creek");
        await alice.SendAsync("Bring water");

        await alice.Page.GetByRole(AriaRole.Searchbox, new() { Name = "Search messages in all chats" }).FillAsync("trailhead");
        await alice.Page.Keyboard.PressAsync("Enter");
        var hit = alice.Page.Locator(".result").Filter(new() { HasText = "Eagle Creek" });
        await Expect(hit).ToBeVisibleAsync();
        await hit.ClickAsync();

        await Expect(alice.Page.GetByRole(AriaRole.Heading, new() { Name = bob.DisplayName })).ToBeVisibleAsync();
        await Expect(alice.Message("The trailhead is at Eagle Creek")).ToBeFocusedAsync();
    }
}
