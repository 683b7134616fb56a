using Microsoft.Playwright;
using OpenChat.Chain.Browser.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace OpenChat.Chain.Browser.Tests.Messaging;

/// <summary>Three people in three browser contexts.</summary>
public sealed class GroupChatTests(Chromium chromium, ServedAppFixture served) : IClassFixture<ServedAppFixture>
{
    [Fact]
    public async Task GroupMessage_ReachesEveryone_AndTurnsReadOnlyWhenAllHaveReadIt()
    {
        await using var alice = await Person.SignUpAsync(chromium.Browser, served.App, "Alice");
        await using var bob = await Person.SignUpAsync(chromium.Browser, served.App, "Bob");
        await using var carol = await Person.SignUpAsync(chromium.Browser, served.App, "Carol");

        await alice.Page.GetByRole(AriaRole.Button, new() { Name = "New", Exact = true }).ClickAsync();
        await alice.Page.GetByRole(AriaRole.Tab, new() { Name = "New group" }).ClickAsync();
        await alice.Page.GetByLabel("Group name").FillAsync("Weekend hikers");
        foreach (var member in new[] { bob, carol })
        {
            await alice.Page.GetByPlaceholder("Search by username or name").FillAsync(member.Handle);
            await alice.Page.Locator($"[data-handle='{member.Handle}']").ClickAsync();
            await Expect(alice.Page.Locator(".chip").Filter(new() { HasText = member.DisplayName })).ToBeVisibleAsync();
        }
        await alice.Page.GetByRole(AriaRole.Button, new() { Name = "Create group" }).ClickAsync();
        await Expect(alice.Page.GetByRole(AriaRole.Heading, new() { Name = "Weekend hikers" })).ToBeVisibleAsync();
        await Expect(alice.Page.GetByTestId("chat-subtitle")).ToHaveTextAsync("3 members");

        await alice.SendAsync("Who's in for Saturday? 🥾");
        var tick = alice.Message("Who's in for Saturday?").Locator("[data-tick]");
        await Expect(tick).ToHaveAttributeAsync("data-tick", "delivered");

        await bob.Page.Locator(".chat-item").Filter(new() { HasText = "Weekend hikers" }).ClickAsync();
        await Expect(bob.Message("Who's in for Saturday?")).ToBeVisibleAsync();
        await bob.SendAsync("Me! I'll bring snacks");
        // Bob has read it, Carol has not: still only delivered.
        await Expect(tick).ToHaveAttributeAsync("data-tick", "delivered");

        var carolsItem = carol.Page.Locator(".chat-item").Filter(new() { HasText = "Weekend hikers" });
        await Expect(carolsItem.Locator(".badge")).ToHaveTextAsync("2");
        await carolsItem.ClickAsync();
        await Expect(carol.Message("Me! I'll bring snacks").Locator(".sender")).ToHaveTextAsync(bob.DisplayName);
        await Expect(tick).ToHaveAttributeAsync("data-tick", "read");
        await carol.SendAsync("Count me in too");
        await Expect(alice.Message("Count me in too")).ToBeVisibleAsync();
        await carol.ScreenshotAsync("09-group-chat");
    }

    [Fact]
    public async Task GroupInfo_OwnerAddsSomeone_WhoSeesTheGroupLive_AndAMemberLeaves()
    {
        await using var alice = await Person.SignUpAsync(chromium.Browser, served.App, "Alice");
        await using var bob = await Person.SignUpAsync(chromium.Browser, served.App, "Bob");
        await using var dave = await Person.SignUpAsync(chromium.Browser, served.App, "Dave");
        await alice.Page.GetByRole(AriaRole.Button, new() { Name = "New", Exact = true }).ClickAsync();
        await alice.Page.GetByRole(AriaRole.Tab, new() { Name = "New group" }).ClickAsync();
        await alice.Page.GetByLabel("Group name").FillAsync("Book club");
        await alice.Page.GetByPlaceholder("Search by username or name").FillAsync(bob.Handle);
        await alice.Page.Locator($"[data-handle='{bob.Handle}']").ClickAsync();
        await alice.Page.GetByRole(AriaRole.Button, new() { Name = "Create group" }).ClickAsync();
        await alice.SendAsync("First book: Dune");

        await alice.Page.GetByRole(AriaRole.Button, new() { Name = "Group info" }).ClickAsync();
        var info = alice.Page.GetByRole(AriaRole.Dialog);
        await Expect(info.Locator("li.person")).ToHaveCountAsync(2);
        await Expect(info.Locator("li.person").Filter(new() { HasText = $"@{alice.Handle}" })).ToContainTextAsync("Owner");
        await info.GetByLabel("Add people").FillAsync(dave.Handle);
        await info.Locator($"[data-handle='{dave.Handle}']").ClickAsync();
        await Expect(info.Locator("li.person")).ToHaveCountAsync(3);

        await Expect(dave.Page.Locator(".chat-item").Filter(new() { HasText = "Book club" })).ToBeVisibleAsync();

        await bob.Page.Locator(".chat-item").Filter(new() { HasText = "Book club" }).ClickAsync();
        await bob.Page.GetByRole(AriaRole.Button, new() { Name = "Group info" }).ClickAsync();
        await bob.Page.GetByRole(AriaRole.Button, new() { Name = "Leave group" }).ClickAsync();
        await bob.Page.GetByRole(AriaRole.Dialog, new() { Name = "Leave this group?" }).GetByRole(AriaRole.Button, new() { Name = "Leave", Exact = true }).ClickAsync();
        await Expect(bob.Page.Locator(".chat-item").Filter(new() { HasText = "Book club" })).ToHaveCountAsync(0);
        await Expect(info.Locator("li.person")).ToHaveCountAsync(2, new() { Timeout = 20_000 });
    }
}
