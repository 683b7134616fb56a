using Microsoft.Playwright;
using OpenChat.Chain.Browser.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace OpenChat.Chain.Browser.Tests.Messaging;

/// <summary>The composer counts down to the server's 4,000-character limit, refuses beyond it in words, and shrinks back after sending.</summary>
public sealed class ComposerTests(Chromium chromium, ServedAppFixture served) : IClassFixture<ServedAppFixture>
{
    [Fact]
    public async Task Composer_CountsDownToTheLimit_SaysWhenTooLong_AndShrinksBackAfterSending()
    {
        await using var alice = await Person.SignUpAsync(chromium.Browser, served.App, "Alice");
        await using var bob = await Person.SignUpAsync(chromium.Browser, served.App, "Bob");
        await alice.StartDirectChatAsync(bob);
        var box = alice.Composer;
        var oneLine = (await box.BoundingBoxAsync())!.Height;
        var counter = alice.Page.GetByTestId("composer-count");
        var send = alice.Page.GetByRole(AriaRole.Button, new() { Name = "Send", Exact = true });

        await box.FillAsync(string.Join('\n', Enumerable.Repeat("A long line of notes for the minutes of today's meeting.", 70)) + " and the end"); // 4,001 characters
        await Expect(counter).ToHaveTextAsync("1 character too long: a message can have at most 4,000.");
        await Expect(send).ToBeDisabledAsync();
        Assert.True((await box.BoundingBoxAsync())!.Height > oneLine * 2);
        await alice.ScreenshotAsync("36-composer-too-long");

        await box.PressAsync("Backspace");
        await box.PressAsync("Backspace");
        await Expect(counter).ToHaveTextAsync("1 character left");
        await box.PressAsync("Enter");
        await Expect(alice.Page.Locator(".row.mine:not(.pending)").Filter(new() { HasText = "minutes of today's meeting" })).ToBeVisibleAsync();
        await Expect(box).ToHaveValueAsync("");
        await Expect(counter).ToHaveCountAsync(0);
        Assert.Equal(oneLine, (await box.BoundingBoxAsync())!.Height, 1.0);
        await alice.ScreenshotAsync("37-composer-after-sending");
    }
}
