using Microsoft.Playwright;
using OpenChat.Chain.Browser.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace OpenChat.Chain.Browser.Tests.Messaging;

/// <summary>Opening a chat with unread messages shows the first of them under a divider; "↓ N" jumps to the newest.</summary>
public sealed class UnreadJumpTests(Chromium chromium, ServedAppFixture served) : IClassFixture<ServedAppFixture>
{
    [Fact]
    public async Task OpeningAChatWithUnread_ShowsTheFirstUnreadUnderADivider_AndTheJumpButtonCountsWhatIsBelow()
    {
        await using var alice = await Person.SignUpAsync(chromium.Browser, served.App, "Alice");
        await using var bob = await Person.SignUpAsync(chromium.Browser, served.App, "Bob");
        await alice.StartDirectChatAsync(bob);
        var chatId = alice.Page.Url.Split('/')[^1];
        for (var i = 1; i <= 20; i++) await alice.Page.EvaluateAsync(Post, new object[] { chatId, $"Already read #{i}." });
        var bobsChat = bob.Page.Locator(".chat-item").Filter(new() { HasText = alice.DisplayName });
        await bobsChat.ClickAsync();
        await Expect(bob.Message("Already read #20.")).ToBeVisibleAsync();
        await bob.Page.GetByRole(AriaRole.Link, new() { Name = "Chats" }).ClickAsync(); // Bob leaves the chat

        for (var i = 1; i <= 30; i++) await alice.Page.EvaluateAsync(Post, new object[] { chatId, $"While you were away #{i}." });
        await Expect(bobsChat.Locator(".badge")).ToHaveTextAsync("30");
        await bobsChat.ClickAsync();

        var divider = bob.Page.GetByTestId("unread-divider");
        await Expect(divider).ToHaveTextAsync("30 unread messages");
        await Expect(divider).ToBeInViewportAsync();
        await Expect(bob.Message("While you were away #1.")).ToBeInViewportAsync();
        await Expect(bob.Message("While you were away #30.")).Not.ToBeInViewportAsync();
        var jump = bob.Page.GetByRole(AriaRole.Button, new() { Name = "Jump to the latest message" });
        await Expect(jump.GetByTestId("jump-count")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(@"^[1-9]\d*$"));
        await bob.ScreenshotAsync("62-unread-divider");

        await jump.ClickAsync();
        await Expect(bob.Message("While you were away #30.")).ToBeInViewportAsync();
        await Expect(jump).ToHaveCountAsync(0);
    }

    // One message through the API with the page's session; a 429 is waited out.
    const string Post = """
        async ([chatId, text]) => {
          for (;;) {
            const r = await fetch(`/api/chats/${chatId}/messages`, { method: 'POST', headers: { 'Content-Type': 'application/json' },
              body: JSON.stringify({ clientMessageId: crypto.randomUUID(), text }) });
            if (r.status !== 429) return r.status;
            await new Promise(ok => setTimeout(ok, 250));
          }
        }
        """;
}
