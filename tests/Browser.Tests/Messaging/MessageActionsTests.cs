using Microsoft.Playwright;
using OpenChat.Chain.Browser.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace OpenChat.Chain.Browser.Tests.Messaging;

public sealed class MessageActionsTests(Chromium chromium, ServedAppFixture served) : IClassFixture<ServedAppFixture>
{
    [Fact]
    public async Task EditAndDelete_AreSeenLiveByTheOtherSide()
    {
        await using var alice = await Person.SignUpAsync(chromium.Browser, served.App, "Alice");
        await using var bob = await Person.SignUpAsync(chromium.Browser, served.App, "Bob");
        await alice.StartDirectChatAsync(bob);
        await alice.SendAsync("See you at 5");
        await alice.SendAsync("Wrong chat, sorry");
        await bob.Page.Locator(".chat-item").Filter(new() { HasText = alice.DisplayName }).ClickAsync();
        await Expect(bob.Message("Wrong chat, sorry")).ToBeVisibleAsync();

        // Keyboard only: focus the message, its actions appear, Edit fills the composer, Enter saves.
        await alice.Message("See you at 5").FocusAsync();
        await alice.Message("See you at 5").GetByRole(AriaRole.Button, new() { Name = "Edit" }).ClickAsync();
        await Expect(alice.Composer).ToHaveValueAsync("See you at 5");
        await alice.Composer.FillAsync("See you at 6");
        await alice.Composer.PressAsync("Enter");
        await Expect(bob.Message("See you at 6").Locator(".edited")).ToBeVisibleAsync();

        // Deleting asks in the app (never the browser's confirm()), and Cancel keeps the message.
        await alice.Message("Wrong chat, sorry").HoverAsync();
        await alice.Message("Wrong chat, sorry").GetByRole(AriaRole.Button, new() { Name = "Delete" }).ClickAsync();
        var ask = alice.Page.GetByRole(AriaRole.Dialog, new() { Name = "Delete message?" });
        await Expect(ask).ToContainTextAsync("deleted for everyone");
        await alice.ScreenshotAsync("38-delete-confirmation");
        await ask.GetByRole(AriaRole.Button, new() { Name = "Cancel" }).ClickAsync();
        await Expect(ask).ToHaveCountAsync(0);
        await alice.Message("Wrong chat, sorry").HoverAsync();
        await alice.Message("Wrong chat, sorry").GetByRole(AriaRole.Button, new() { Name = "Delete" }).ClickAsync();
        await ask.GetByRole(AriaRole.Button, new() { Name = "Delete for everyone" }).ClickAsync();
        await Expect(bob.Page.Locator(".bubble.deleted")).ToContainTextAsync("This message was deleted");
        await Expect(bob.Message("Wrong chat, sorry")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task MessageSentOffline_IsKeptAsNotSent_AndTryAgainDeliversItOnce()
    {
        await using var alice = await Person.SignUpAsync(chromium.Browser, served.App, "Alice");
        await using var bob = await Person.SignUpAsync(chromium.Browser, served.App, "Bob");
        await alice.StartDirectChatAsync(bob);
        await bob.Page.Locator(".chat-item").Filter(new() { HasText = alice.DisplayName }).WaitForAsync();

        await alice.Context.SetOfflineAsync(true);
        await alice.Composer.FillAsync("Sent from the tunnel");
        await alice.Composer.PressAsync("Enter");
        var pending = alice.Page.Locator(".row.pending").Filter(new() { HasText = "Sent from the tunnel" });
        await Expect(pending.GetByRole(AriaRole.Alert)).ToContainTextAsync("Can't reach the server");

        await alice.Context.SetOfflineAsync(false);
        await pending.GetByRole(AriaRole.Button, new() { Name = "Try again" }).ClickAsync();
        await Expect(pending).ToHaveCountAsync(0);
        await Expect(alice.Message("Sent from the tunnel")).ToHaveCountAsync(1);
        await bob.Page.Locator(".chat-item").Filter(new() { HasText = alice.DisplayName }).ClickAsync();
        await Expect(bob.Message("Sent from the tunnel")).ToHaveCountAsync(1);
    }

    [Fact]
    public async Task Photo_IsPreviewedBeforeSending_AndShownToTheOtherSide()
    {
        await using var alice = await Person.SignUpAsync(chromium.Browser, served.App, "Alice");
        await using var bob = await Person.SignUpAsync(chromium.Browser, served.App, "Bob");
        await alice.StartDirectChatAsync(bob);
        await bob.Page.Locator(".chat-item").Filter(new() { HasText = alice.DisplayName }).ClickAsync();

        await alice.Page.Locator("input[type=file]").SetInputFilesAsync(new FilePayload
        {
            Name = "trail.png",
            MimeType = "image/png",
            Buffer = await DrawPhotoAsync(alice.Page),
        });
        await Expect(alice.Page.Locator(".previews img")).ToBeVisibleAsync();
        await alice.Composer.FillAsync("The view from the top");
        await alice.Composer.PressAsync("Enter");

        var photo = bob.Message("The view from the top").Locator(".media img");
        await Expect(photo).ToBeVisibleAsync();
        await bob.Page.WaitForFunctionAsync("img => img.complete && img.naturalWidth === 480", await photo.ElementHandleAsync(),
            new() { Timeout = 15_000 });
        await bob.ScreenshotAsync("10-photo");

        // Opened again, a chat whose last message is a photo ends at the very bottom once the photo has loaded.
        await bob.Page.ReloadAsync();
        var again = bob.Message("The view from the top").Locator(".media img");
        await Expect(again).ToBeVisibleAsync();
        await bob.Page.WaitForFunctionAsync("img => img.complete && img.naturalWidth === 480", await again.ElementHandleAsync(), new() { Timeout = 15_000 });
        await bob.Page.WaitForFunctionAsync("() => { const l = document.querySelector('.messages'); return l.scrollHeight - l.scrollTop - l.clientHeight < 2; }",
            null, new() { Timeout = 10_000 });
    }

    /// <summary>A 480×320 PNG drawn by the page's own canvas: a sky, a hill and a sun.</summary>
    static async Task<byte[]> DrawPhotoAsync(IPage page)
    {
        var dataUrl = await page.EvaluateAsync<string>("""
            () => {
              const c = document.createElement('canvas'); c.width = 480; c.height = 320;
              const g = c.getContext('2d');
              const sky = g.createLinearGradient(0, 0, 0, 320); sky.addColorStop(0, '#60a5fa'); sky.addColorStop(1, '#fde68a');
              g.fillStyle = sky; g.fillRect(0, 0, 480, 320);
              g.fillStyle = '#fbbf24'; g.beginPath(); g.arc(360, 90, 40, 0, Math.PI * 2); g.fill();
              g.fillStyle = '#15803d'; g.beginPath(); g.moveTo(0, 320); g.lineTo(0, 220); g.quadraticCurveTo(200, 120, 480, 240); g.lineTo(480, 320); g.fill();
              return c.toDataURL('image/png');
            }
            """);
        return Convert.FromBase64String(dataUrl[(dataUrl.IndexOf(',') + 1)..]);
    }
}
