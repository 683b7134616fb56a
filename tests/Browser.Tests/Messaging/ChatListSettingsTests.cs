using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using OpenChat.Chain.Browser.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace OpenChat.Chain.Browser.Tests.Messaging;

/// <summary>
/// Pin, mute and archive from a chat's menu in the list: pinned chats stay on top, muted ones show the muted icon,
/// archived ones move behind an "Archived" row and come back with a new message unless muted (WhatsApp). The
/// settings are the server's: a reload shows the same.
/// </summary>
public sealed class ChatListSettingsTests(Chromium chromium, ServedAppFixture served) : IClassFixture<ServedAppFixture>
{
    [Fact]
    public async Task PinMuteArchive_FromTheChatMenu_AndAnArchivedChatComesBackWithANewMessageUnlessMuted()
    {
        await using var alice = await Person.SignUpAsync(chromium.Browser, served.App, "Alice");
        await using var bob = await Person.SignUpAsync(chromium.Browser, served.App, "Bob");
        await using var carol = await Person.SignUpAsync(chromium.Browser, served.App, "Carol");
        await alice.StartDirectChatAsync(bob);
        await alice.SendAsync("Hi Bob");
        await alice.StartDirectChatAsync(carol);
        await alice.SendAsync("Hi Carol");
        var list = alice.Page.GetByRole(AriaRole.List, new() { Name = "Your chats" });
        var bobItem = list.Locator(".chat-li").Filter(new() { HasText = bob.DisplayName });
        var carolItem = list.Locator(".chat-li").Filter(new() { HasText = carol.DisplayName });
        await Expect(list.Locator(".chat-li").First).ToContainTextAsync(carol.DisplayName);

        // Pin Bob's chat: it goes above Carol's more recent one.
        await Choose(alice, bob, "Pin chat");
        await Expect(bobItem.GetByTestId("pinned-icon")).ToBeVisibleAsync();
        await Expect(list.Locator(".chat-li").First).ToContainTextAsync(bob.DisplayName);

        // Mute, then archive, Bob's chat; archive Carol's (not muted).
        await Choose(alice, bob, "Mute notifications");
        await Expect(bobItem.GetByTestId("muted-icon")).ToBeVisibleAsync();
        await Choose(alice, bob, "Archive chat");
        await Choose(alice, carol, "Archive chat");
        await Expect(bobItem).ToHaveCountAsync(0);
        await Expect(carolItem).ToHaveCountAsync(0);
        await Expect(alice.Page.GetByTestId("archived-row")).ToContainTextAsync("Archived2");
        await alice.ScreenshotAsync("63-archived-row");

        // The server keeps them: a reload shows the same list.
        await alice.Page.ReloadAsync();
        await Expect(alice.Page.GetByTestId("archived-row")).ToContainTextAsync("Archived2");

        // Bob writes first (muted: stays archived), then Carol (comes back); Alice receives them in that order.
        await bob.Page.Locator(".chat-item").Filter(new() { HasText = alice.DisplayName }).ClickAsync();
        await bob.SendAsync("Still there?");
        await carol.Page.Locator(".chat-item").Filter(new() { HasText = alice.DisplayName }).ClickAsync();
        await carol.SendAsync("Back from holiday!");
        await Expect(carolItem).ToContainTextAsync("Back from holiday!");
        await Expect(bobItem).ToHaveCountAsync(0);
        await Expect(alice.Page.GetByTestId("archived-row")).ToContainTextAsync("Archived1");

        await alice.Page.GetByTestId("archived-row").ClickAsync();
        var archived = alice.Page.GetByRole(AriaRole.List, new() { Name = "Archived chats" });
        await Expect(archived.Locator(".chat-li").Filter(new() { HasText = bob.DisplayName })).ToContainTextAsync("Still there?");
        await Expect(archived.GetByTestId("muted-icon")).ToBeVisibleAsync();
        await alice.ScreenshotAsync("64-archived-chats");
        await Choose(alice, bob, "Unarchive chat");
        await alice.Page.GetByRole(AriaRole.Button, new() { Name = "Close archived chats" }).ClickAsync();
        await Expect(bobItem).ToBeVisibleAsync();
        await Expect(alice.Page.GetByTestId("archived-row")).ToHaveCountAsync(0);
    }

    /// <summary>
    /// The list is read again whenever a chat appears (here Carol opens one with Alice). A pin made while that read is
    /// on its way must outlive the older list when it lands, as must the order it gives.
    /// </summary>
    [Fact]
    public async Task APinMadeWhileTheListIsOnItsWay_IsNotUndoneByTheOlderList()
    {
        await using var alice = await Person.SignUpAsync(chromium.Browser, served.App, "Alice");
        await using var bob = await Person.SignUpAsync(chromium.Browser, served.App, "Bob");
        await using var carol = await Person.SignUpAsync(chromium.Browser, served.App, "Carol");
        await alice.StartDirectChatAsync(bob);
        await alice.SendAsync("Hi Bob");

        // Hold the first list the server answers with Carol's new chat in it, until Alice has pinned Bob's chat.
        var listRead = new TaskCompletionSource();
        var pinned = new TaskCompletionSource();
        var held = 0;
        await alice.Page.RouteAsync(new Regex(@"/api/chats$"), async route =>
        {
            if (route.Request.Method != "GET")
            {
                await route.ContinueAsync();
                return;
            }
            var response = await route.FetchAsync();
            var chats = JsonDocument.Parse(await response.BodyAsync()).RootElement.GetArrayLength();
            if (chats == 2 && Interlocked.Exchange(ref held, 1) == 0)
            {
                listRead.SetResult();
                await pinned.Task;
            }
            await route.FulfillAsync(new() { Response = response });
        });
        await carol.StartDirectChatAsync(alice);
        await listRead.Task.WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);

        var list = alice.Page.GetByRole(AriaRole.List, new() { Name = "Your chats" });
        var bobItem = list.Locator(".chat-li").Filter(new() { HasText = bob.DisplayName });
        var carolItem = list.Locator(".chat-li").Filter(new() { HasText = carol.DisplayName });
        await Expect(carolItem).ToHaveCountAsync(0);
        await Choose(alice, bob, "Pin chat");
        await Expect(bobItem.GetByTestId("pinned-icon")).ToBeVisibleAsync();
        pinned.SetResult();

        // Carol's chat comes only with the held list: once it shows, that list has landed.
        await Expect(carolItem).ToBeVisibleAsync();
        await Expect(bobItem.GetByTestId("pinned-icon")).ToBeVisibleAsync();
        await Expect(list.Locator(".chat-li").First).ToContainTextAsync(bob.DisplayName);
    }

    static async Task Choose(Person me, Person other, string action)
    {
        var item = me.Page.Locator(".chat-li").Filter(new() { HasText = other.DisplayName });
        await item.HoverAsync();
        await item.GetByRole(AriaRole.Button, new() { Name = $"Options for {other.DisplayName}" }).ClickAsync();
        await item.GetByRole(AriaRole.Menuitem, new() { Name = action }).ClickAsync();
        await Expect(item.GetByRole(AriaRole.Menu)).ToHaveCountAsync(0);
    }
}
