using Microsoft.Playwright;
using OpenChat.Chain.Browser.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace OpenChat.Chain.Browser.Tests.Messaging;

/// <summary>Issue 17 point 6: editing your name and photo, seen by the other person without reloading.</summary>
public sealed class ProfileEditTests(Chromium chromium, ServedAppFixture served) : IClassFixture<ServedAppFixture>
{
    [Fact]
    public async Task EditProfile_NameAndPhoto_ShowInTheOtherPersonsChatListAndHeader_Live()
    {
        await using var alice = await Person.SignUpAsync(chromium.Browser, served.App, "Alice");
        await using var bob = await Person.SignUpAsync(chromium.Browser, served.App, "Bob");
        await alice.StartDirectChatAsync(bob);
        await alice.SendAsync("Hi Bob, new phone, same me");
        var bobsItem = bob.Page.Locator(".chat-item").Filter(new() { HasText = "new phone" });
        await bobsItem.ClickAsync();
        await Expect(bob.Page.GetByRole(AriaRole.Heading, new() { Name = alice.DisplayName })).ToBeVisibleAsync();

        await alice.Page.GetByRole(AriaRole.Button, new() { Name = "Edit profile" }).ClickAsync();
        var editor = alice.Page.GetByRole(AriaRole.Dialog, new() { Name = "Edit profile" });
        await editor.GetByLabel("Your name").FillAsync("");
        await Expect(editor.GetByText("Your name can't be empty.")).ToBeVisibleAsync();
        await Expect(editor.GetByRole(AriaRole.Button, new() { Name = "Save" })).ToBeDisabledAsync();
        await editor.GetByLabel("Your name").FillAsync("Alice Liddell");
        await editor.Locator("input[type=file]").SetInputFilesAsync(new FilePayload
        {
            Name = "me.png",
            MimeType = "image/png",
            Buffer = await DrawPortraitAsync(alice.Page),
        });
        await Expect(editor.Locator(".profile-photo img")).ToBeVisibleAsync();
        await alice.ScreenshotAsync("17-profile-editor");
        await editor.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Expect(editor).ToHaveCountAsync(0);
        await Expect(alice.Page.Locator(".sidebar-head .me")).ToContainTextAsync("Alice Liddell");

        // Bob's open chat and his list follow through the ProfileChanged update: no reload.
        await Expect(bob.Page.GetByRole(AriaRole.Heading, new() { Name = "Alice Liddell" })).ToBeVisibleAsync();
        await Expect(bobsItem.Locator(".chat-item-title")).ToHaveTextAsync("Alice Liddell");
        var photo = bobsItem.Locator(".avatar.photo img");
        await Expect(photo).ToBeVisibleAsync();
        await bob.Page.WaitForFunctionAsync("img => img.complete && img.naturalWidth === 96", await photo.ElementHandleAsync(), new() { Timeout = 15_000 });
        await Expect(bob.Page.Locator(".chat-head .avatar.photo img")).ToBeVisibleAsync();
        await bob.ScreenshotAsync("17-profile-seen-by-bob");
    }

    /// <summary>A 96×96 PNG drawn by the page's own canvas: a face on a coloured ground.</summary>
    static async Task<byte[]> DrawPortraitAsync(IPage page)
    {
        var dataUrl = await page.EvaluateAsync<string>("""
            () => {
              const c = document.createElement('canvas'); c.width = 96; c.height = 96;
              const g = c.getContext('2d');
              g.fillStyle = '#f472b6'; g.fillRect(0, 0, 96, 96);
              g.fillStyle = '#fde68a'; g.beginPath(); g.arc(48, 44, 26, 0, Math.PI * 2); g.fill();
              g.fillStyle = '#1f2937'; g.beginPath(); g.arc(39, 40, 3, 0, Math.PI * 2); g.arc(57, 40, 3, 0, Math.PI * 2); g.fill();
              g.strokeStyle = '#1f2937'; g.lineWidth = 3; g.beginPath(); g.arc(48, 48, 12, 0.2 * Math.PI, 0.8 * Math.PI); g.stroke();
              return c.toDataURL('image/png');
            }
            """);
        return Convert.FromBase64String(dataUrl[(dataUrl.IndexOf(',') + 1)..]);
    }
}
