using System.Text.RegularExpressions;
using Microsoft.Playwright;
using OpenChat.Chain.Browser.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace OpenChat.Chain.Browser.Tests.Messaging;

public sealed class HistoryTests(Chromium chromium, ServedAppFixture served) : IClassFixture<ServedAppFixture>
{
    [Fact]
    public async Task AMessageSentWhileTheHistoryIsLoading_StaysInTheTimeline()
    {
        await using var alice = await Person.SignUpAsync(chromium.Browser, served.App, "Alice");
        await using var bob = await Person.SignUpAsync(chromium.Browser, served.App, "Bob");
        await alice.StartDirectChatAsync(bob);
        await alice.SendAsync("Are you there?");

        // Bob opens the chat; the server answers his first history page before his reply is stored, and the
        // answer reaches the page only after the reply was acknowledged (a slow GET beside a fast hub send).
        var pageRead = new TaskCompletionSource();
        var replyAcknowledged = new TaskCompletionSource();
        var held = false;
        await bob.Page.RouteAsync(new Regex(@"/api/chats/[^/]+/messages\?limit="), async route =>
        {
            if (held)
            {
                await route.ContinueAsync();
                return;
            }
            held = true;
            var response = await route.FetchAsync();
            pageRead.SetResult();
            await replyAcknowledged.Task;
            await route.FulfillAsync(new() { Response = response });
        });
        await bob.Page.Locator(".chat-item").Filter(new() { HasText = alice.DisplayName }).ClickAsync();
        await pageRead.Task.WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);
        await bob.SendAsync("Yes, here!");
        replyAcknowledged.SetResult();

        // The page has been applied once "Loading earlier messages…" is gone (one message: nothing older).
        await Expect(bob.Page.Locator(".loading-older")).ToHaveCountAsync(0);
        await Expect(bob.Message("Are you there?")).ToBeVisibleAsync();
        await Expect(bob.Page.Locator(".row.mine:not(.pending)").Filter(new() { HasText = "Yes, here!" })).ToBeVisibleAsync();
    }

    [Fact]
    public async Task ScrollingUp_LoadsEarlierPages_BackToTheFirstMessage()
    {
        await using var alice = await Person.SignUpAsync(chromium.Browser, served.App, "Alice");
        await using var bob = await Person.SignUpAsync(chromium.Browser, served.App, "Bob");
        await alice.StartDirectChatAsync(bob);
        var chatId = alice.Page.Url.Split('/')[^1];

        // 130 messages through the API with Alice's session (the page's cookie); 429s are waited out.
        await alice.Page.EvaluateAsync("""
            async chatId => {
              for (let i = 1; i <= 130; i++) {
                for (;;) {
                  const r = await fetch(`/api/chats/${chatId}/messages`, { method: 'POST', headers: { 'Content-Type': 'application/json' },
                    body: JSON.stringify({ clientMessageId: crypto.randomUUID(), text: `History message #${i}` }) });
                  if (r.status !== 429) break;
                  await new Promise(ok => setTimeout(ok, 250));
                }
              }
            }
            """, chatId);

        await bob.Page.Locator(".chat-item").Filter(new() { HasText = alice.DisplayName }).ClickAsync();
        await Expect(bob.Message("History message #130")).ToBeVisibleAsync();
        await Expect(bob.Page.Locator(".row")).ToHaveCountAsync(50);

        // Each scroll to the top loads the page before (50 + 50 + 30): scroll up until the first message is there.
        var firstMessage = bob.Page.Locator(".row[data-seq='1']");
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (await firstMessage.CountAsync() == 0 && DateTime.UtcNow < deadline)
        {
            await bob.Page.Locator(".messages").EvaluateAsync("el => el.scrollTop = 0");
            await bob.Page.WaitForTimeoutAsync(300);
        }
        await Expect(firstMessage).ToContainTextAsync("History message #1");
        await Expect(bob.Page.Locator(".row")).ToHaveCountAsync(130);
        await Expect(bob.Page.GetByText("This is the beginning of your conversation.")).ToBeVisibleAsync();
    }
}
