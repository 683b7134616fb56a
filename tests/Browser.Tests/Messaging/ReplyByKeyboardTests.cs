using Microsoft.Playwright;
using OpenChat.Chain.Browser.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace OpenChat.Chain.Browser.Tests.Messaging;

/// <summary>
/// Telegram Desktop's keys in the composer: Ctrl+↑ picks the latest message to reply to and walks up, Ctrl+↓ walks
/// back down, ↑ in an empty box edits your own last message, Escape cancels; on a touch screen a swipe right replies.
/// </summary>
public sealed class ReplyByKeyboardTests(Chromium chromium, ServedAppFixture served) : IClassFixture<ServedAppFixture>
{
    [Fact]
    public async Task CtrlArrowUp_PicksTheMessageToReplyTo_ArrowUpEditsYourLast_EscapeCancels()
    {
        await using var alice = await Person.SignUpAsync(chromium.Browser, served.App, "Alice");
        await using var bob = await Person.SignUpAsync(chromium.Browser, served.App, "Bob");
        await bob.StartDirectChatAsync(alice);
        await bob.SendAsync("Dinner on Friday?");
        await bob.SendAsync("Or Saturday works too");
        await alice.Page.Locator(".chat-item").Filter(new() { HasText = bob.DisplayName }).ClickAsync();
        await Expect(alice.Message("Or Saturday works too")).ToBeVisibleAsync();
        var context = alice.Page.Locator(".composer-context");

        await alice.Composer.PressAsync("Control+ArrowUp");
        await Expect(context).ToContainTextAsync("Reply to Bob Example");
        await Expect(context).ToContainTextAsync("Or Saturday works too");
        await alice.Composer.PressAsync("Control+ArrowUp");
        await Expect(context).ToContainTextAsync("Dinner on Friday?");
        await Expect(alice.Page.Locator(".row.selected")).ToContainTextAsync("Dinner on Friday?");
        await alice.ScreenshotAsync("61-reply-by-keyboard");
        await alice.Composer.PressAsync("Control+ArrowDown");
        await Expect(context).ToContainTextAsync("Or Saturday works too");
        await alice.Composer.PressAsync("Control+ArrowDown"); // past the newest: no reply any more
        await Expect(context).ToHaveCountAsync(0);

        await alice.Composer.PressAsync("Control+ArrowUp");
        await alice.Composer.PressAsync("Control+ArrowUp");
        await alice.Composer.FillAsync("Friday it is");
        await alice.Composer.PressAsync("Enter");
        var reply = alice.Page.Locator(".row.mine:not(.pending)").Filter(new() { HasText = "Friday it is" });
        await Expect(reply.Locator(".quote")).ToContainTextAsync("Dinner on Friday?");

        // ↑ in the empty box edits the last message of yours; Escape leaves it as it was.
        await alice.Composer.PressAsync("ArrowUp");
        await Expect(context).ToContainTextAsync("Edit message");
        await Expect(alice.Composer).ToHaveValueAsync("Friday it is");
        await alice.Composer.PressAsync("Escape");
        await Expect(context).ToHaveCountAsync(0);
        await Expect(alice.Composer).ToHaveValueAsync("");

        // Escape cancels a reply but keeps what was typed.
        await alice.Composer.PressAsync("Control+ArrowUp");
        await alice.Composer.PressSequentiallyAsync("never mind");
        await alice.Composer.PressAsync("Escape");
        await Expect(context).ToHaveCountAsync(0);
        await Expect(alice.Composer).ToHaveValueAsync("never mind");
    }

    [Fact]
    public async Task ASwipeRight_OnATouchScreen_Replies()
    {
        await using var alice = await Person.SignUpAsync(chromium.Browser, served.App, "Alice", Person.Phone);
        await using var bob = await Person.SignUpAsync(chromium.Browser, served.App, "Bob");
        await bob.StartDirectChatAsync(alice);
        await bob.SendAsync("Swipe me");
        await alice.Page.Locator(".chat-item").Filter(new() { HasText = bob.DisplayName }).ClickAsync();
        var bubble = alice.Message("Swipe me").Locator(".bubble");
        await Expect(bubble).ToBeVisibleAsync();
        // The first page is in and the unread divider has scrolled into place: the bubble stays where it is measured.
        await Expect(alice.Page.Locator(".chat-start")).ToBeVisibleAsync();

        // Real touch input through the DevTools protocol: start on the bubble, move 120 px right, lift.
        var box = (await bubble.BoundingBoxAsync())!;
        var (x, y) = (box.X + 20, box.Y + box.Height / 2);
        var cdp = await alice.Context.NewCDPSessionAsync(alice.Page);
        await cdp.SendAsync("Emulation.setTouchEmulationEnabled", new Dictionary<string, object> { ["enabled"] = true, ["maxTouchPoints"] = 1 });
        foreach (var (type, dx) in new[] { ("touchStart", 0), ("touchMove", 60), ("touchMove", 120) })
        {
            await cdp.SendAsync("Input.dispatchTouchEvent", new Dictionary<string, object>
            {
                ["type"] = type,
                ["touchPoints"] = new[] { new Dictionary<string, object> { ["x"] = x + dx, ["y"] = y } },
            });
        }
        await cdp.SendAsync("Input.dispatchTouchEvent", new Dictionary<string, object> { ["type"] = "touchEnd", ["touchPoints"] = Array.Empty<object>() });

        // Still in the chat (CI once saw the chat list here: the swipe had become the browser's back navigation).
        await Expect(alice.Page.Locator(".composer-context")).ToContainTextAsync("Reply to Bob Example");
        await Expect(alice.Page.Locator(".composer-context")).ToContainTextAsync("Swipe me");
    }
}
