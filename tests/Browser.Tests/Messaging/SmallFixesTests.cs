using Microsoft.Playwright;
using OpenChat.Chain.Browser.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace OpenChat.Chain.Browser.Tests.Messaging;

/// <summary>What a person trips over in a chat: links that are text, "1 members", a tip line over the reactions.</summary>
public sealed class SmallFixesTests(Chromium chromium, ServedAppFixture served) : IClassFixture<ServedAppFixture>
{
    [Fact]
    public async Task Links_AreClickableWebLinksOnly_AndAGroupOfOneSaysOneMember()
    {
        await using var alice = await Person.SignUpAsync(chromium.Browser, served.App, "Alice");
        await alice.CreateGroupAsync("Notes to self");
        await Expect(alice.Page.GetByTestId("chat-subtitle")).ToHaveTextAsync("1 member");

        await alice.SendAsync("Agenda: https://example.org/agenda?week=12. Not a link: javascript:alert(1)");
        var link = alice.Message("Agenda:").GetByRole(AriaRole.Link);
        await Expect(link).ToHaveCountAsync(1);
        await Expect(link).ToHaveAttributeAsync("href", "https://example.org/agenda?week=12");
        await Expect(link).ToHaveAttributeAsync("target", "_blank");
        await Expect(link).ToHaveAttributeAsync("rel", "noopener noreferrer nofollow");
        await alice.ScreenshotAsync("39-message-link");
    }
}
