using Microsoft.Playwright;
using OpenChat.Chain.Browser.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace OpenChat.Chain.Browser.Tests.Messaging;

/// <summary>Issue 17 point 6: renaming a group, removing a member, leaving, and invite links, each with its notice.</summary>
public sealed class GroupSettingsTests(Chromium chromium, ServedAppFixture served) : IClassFixture<ServedAppFixture>
{
    static ILocator Notice(Person person, string text) => person.Page.GetByTestId("notice").Filter(new() { HasText = text });

    [Fact]
    public async Task AdminRenamesAndRemoves_AMemberLeaves_EveryoneSeesTheNotices()
    {
        await using var alice = await Person.SignUpAsync(chromium.Browser, served.App, "Alice");
        await using var bob = await Person.SignUpAsync(chromium.Browser, served.App, "Bob");
        await using var carol = await Person.SignUpAsync(chromium.Browser, served.App, "Carol");
        await alice.CreateGroupAsync("Weekend hikers", bob, carol);
        await alice.SendAsync("Saturday, 9am at the trailhead");
        await bob.Page.Locator(".chat-item").Filter(new() { HasText = "Weekend hikers" }).ClickAsync();
        await Expect(carol.Page.Locator(".chat-item").Filter(new() { HasText = "Weekend hikers" })).ToBeVisibleAsync();

        await alice.Page.GetByRole(AriaRole.Button, new() { Name = "Group info" }).ClickAsync();
        var info = alice.Page.Locator("[aria-labelledby=chat-info-title]");
        await info.GetByLabel("Group name").FillAsync("   ");
        await Expect(info.GetByText("A group needs a name.")).ToBeVisibleAsync();
        await Expect(info.GetByRole(AriaRole.Button, new() { Name = "Rename" })).ToBeDisabledAsync();
        await info.GetByLabel("Group name").FillAsync("Trail crew");
        await info.GetByRole(AriaRole.Button, new() { Name = "Rename" }).ClickAsync();
        await Expect(alice.Page.GetByRole(AriaRole.Heading, new() { Name = "Trail crew", Exact = true }).First).ToBeVisibleAsync();

        // Bob, who has the group open, sees the new title and the notice live.
        await Expect(bob.Page.GetByRole(AriaRole.Heading, new() { Name = "Trail crew" })).ToBeVisibleAsync();
        await Expect(Notice(bob, $"{alice.DisplayName} renamed the group to “Trail crew”")).ToBeVisibleAsync();
        await Expect(Notice(alice, "You renamed the group to “Trail crew”")).ToBeVisibleAsync();

        // Bob is a member: no rename field, no remove buttons for him.
        await bob.Page.GetByRole(AriaRole.Button, new() { Name = "Group info" }).ClickAsync();
        var bobsInfo = bob.Page.Locator("[aria-labelledby=chat-info-title]");
        await Expect(bobsInfo.GetByRole(AriaRole.Button, new() { Name = "Leave group" })).ToBeVisibleAsync();
        await Expect(bobsInfo.GetByLabel("Group name")).ToHaveCountAsync(0);
        await Expect(bobsInfo.GetByRole(AriaRole.Button, new() { Name = $"Remove {carol.DisplayName}" })).ToHaveCountAsync(0);
        await bobsInfo.GetByRole(AriaRole.Button, new() { Name = "Close" }).ClickAsync();

        await info.GetByRole(AriaRole.Button, new() { Name = $"Remove {carol.DisplayName}" }).ClickAsync();
        var confirm = alice.Page.GetByRole(AriaRole.Dialog, new() { Name = $"Remove {carol.DisplayName}?" });
        await confirm.GetByRole(AriaRole.Button, new() { Name = "Remove", Exact = true }).ClickAsync();
        await Expect(info.Locator("li.person")).ToHaveCountAsync(2);
        await Expect(carol.Page.Locator(".chat-item").Filter(new() { HasText = "Trail crew" })).ToHaveCountAsync(0);
        await Expect(carol.Page.Locator(".chat-item").Filter(new() { HasText = "Weekend hikers" })).ToHaveCountAsync(0);
        await Expect(Notice(bob, $"{alice.DisplayName} removed {carol.DisplayName}")).ToBeVisibleAsync();
        await info.GetByRole(AriaRole.Button, new() { Name = "Close" }).ClickAsync();

        await bob.Page.GetByRole(AriaRole.Button, new() { Name = "Group info" }).ClickAsync();
        await bobsInfo.GetByRole(AriaRole.Button, new() { Name = "Leave group" }).ClickAsync();
        await bob.Page.GetByRole(AriaRole.Dialog, new() { Name = "Leave this group?" }).GetByRole(AriaRole.Button, new() { Name = "Leave", Exact = true }).ClickAsync();
        await Expect(bob.Page.Locator(".chat-item").Filter(new() { HasText = "Trail crew" })).ToHaveCountAsync(0);
        await Expect(Notice(alice, $"{bob.DisplayName} left")).ToBeVisibleAsync();
        await Expect(alice.Page.GetByTestId("chat-subtitle")).ToHaveTextAsync("1 member");
        await alice.ScreenshotAsync("18-group-renamed-removed-left");
    }

    [Fact]
    public async Task InviteLink_SomeoneJoinsByOpeningIt_AndARevokedLinkSaysSo()
    {
        await using var alice = await Person.SignUpAsync(chromium.Browser, served.App, "Alice");
        await using var bob = await Person.SignUpAsync(chromium.Browser, served.App, "Bob");
        await using var dave = await Person.SignUpAsync(chromium.Browser, served.App, "Dave");
        await alice.CreateGroupAsync("Book club", bob);

        await alice.Page.GetByRole(AriaRole.Button, new() { Name = "Group info" }).ClickAsync();
        var info = alice.Page.Locator("[aria-labelledby=chat-info-title]");
        await info.GetByRole(AriaRole.Button, new() { Name = "Create invite link" }).ClickAsync();
        var link = await info.GetByTestId("invite-link").InnerTextAsync();
        Assert.Matches("/invite/[0-9a-f]{32}$", link);
        await alice.ScreenshotAsync("19-invite-link");

        await dave.Page.GotoAsync(new Uri(link).PathAndQuery);
        await dave.Page.GetByRole(AriaRole.Button, new() { Name = "Join group" }).ClickAsync();
        await Expect(dave.Page.GetByRole(AriaRole.Heading, new() { Name = "Book club" })).ToBeVisibleAsync();
        await Expect(Notice(dave, "You joined using the group's invite link")).ToBeVisibleAsync();
        await Expect(Notice(alice, $"{dave.DisplayName} joined using the group's invite link")).ToBeVisibleAsync();
        await Expect(info.Locator("li.person")).ToHaveCountAsync(3);

        await info.GetByRole(AriaRole.Button, new() { Name = "Revoke link" }).ClickAsync();
        await Expect(info.GetByRole(AriaRole.Button, new() { Name = "Create invite link" })).ToBeVisibleAsync();
        await using var erin = await Person.OpenAsync(chromium.Browser, served.App, "Erin");
        await erin.Page.GotoAsync(new Uri(link).PathAndQuery);
        await erin.SignUpAsync(); // the link waits behind the sign-up screen, on the same address
        await erin.Page.GetByRole(AriaRole.Button, new() { Name = "Join group" }).ClickAsync();
        await Expect(erin.Page.GetByRole(AriaRole.Alert).Filter(new() { HasText = "This invite link is not valid any more." })).ToBeVisibleAsync();
        await Expect(erin.Page.Locator(".chat-item").Filter(new() { HasText = "Book club" })).ToHaveCountAsync(0);
        await erin.ScreenshotAsync("19-invite-link-revoked");
    }
}
