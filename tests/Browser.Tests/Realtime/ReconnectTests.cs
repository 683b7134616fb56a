using Microsoft.Playwright;
using OpenChat.Chain.Browser.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace OpenChat.Chain.Browser.Tests.Realtime;

/// <summary>The page survives the server going away: it reconnects on its own and catches up through /api/sync.</summary>
public sealed class ReconnectTests(Chromium chromium)
{
    [Fact]
    public async Task ServerRestart_WhileAliceIsOffline_HerPageReconnects_AndCatchesUpOnWhatSheMissed()
    {
        var first = await new ServedApp().StartAsync();
        ServedApp? second = null;
        try
        {
            await using var alice = await Person.SignUpAsync(chromium.Browser, first, "Alice");
            await using var bob = await Person.SignUpAsync(chromium.Browser, first, "Bob");
            await alice.StartDirectChatAsync(bob);
            await alice.SendAsync("Back in a minute");
            await bob.Page.Locator(".chat-item").Filter(new() { HasText = alice.DisplayName }).ClickAsync();
            await Expect(bob.Message("Back in a minute")).ToBeVisibleAsync();

            // Alice's network drops and the server restarts on the same data (SQLite file, chain state).
            await alice.Context.SetOfflineAsync(true);
            await first.DisposeAsync();
            await Expect(alice.Page.GetByRole(AriaRole.Status).Filter(new() { HasText = "Reconnecting" })).ToBeVisibleAsync();
            await alice.ScreenshotAsync("08-reconnecting");
            second = await new ServedApp(first.DataDirectory, first.Port).StartAsync();

            // Bob's page comes back by itself; what he sends now reaches Alice only through catching up.
            await Expect(bob.Page.GetByRole(AriaRole.Status).Filter(new() { HasText = "Reconnecting" })).ToHaveCountAsync(0, new() { Timeout = 30_000 });
            await bob.SendAsync("Sent while you were away");

            await alice.Context.SetOfflineAsync(false);
            await Expect(alice.Message("Sent while you were away")).ToBeVisibleAsync(new() { Timeout = 30_000 });
            await Expect(alice.Page.GetByRole(AriaRole.Status).Filter(new() { HasText = "Reconnecting" })).ToHaveCountAsync(0, new() { Timeout = 30_000 });

            // Live again, both ways.
            await alice.SendAsync("I'm back");
            await Expect(bob.Message("I'm back")).ToBeVisibleAsync();
            await Expect(alice.Message("I'm back").Locator("[data-tick]")).ToHaveAttributeAsync("data-tick", "read");
        }
        finally
        {
            if (second is not null) await second.DisposeAsync();
            else await first.DisposeAsync();
            first.DeleteData();
        }
    }
}
