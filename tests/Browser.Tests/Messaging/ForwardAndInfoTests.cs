using System.Text.RegularExpressions;
using Microsoft.Playwright;
using OpenChat.Chain.Browser.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace OpenChat.Chain.Browser.Tests.Messaging;

/// <summary>Issue 17 point 6: forwarding a message to another chat, and "read by" in a group's message info.</summary>
public sealed class ForwardAndInfoTests(Chromium chromium, ServedAppFixture served) : IClassFixture<ServedAppFixture>
{
    [Fact]
    public async Task Forward_CopiesTheMessageToAnotherChat_MarkedForwarded()
    {
        await using var alice = await Person.SignUpAsync(chromium.Browser, served.App, "Alice");
        await using var bob = await Person.SignUpAsync(chromium.Browser, served.App, "Bob");
        await using var carol = await Person.SignUpAsync(chromium.Browser, served.App, "Carol");
        await alice.StartDirectChatAsync(carol);
        await alice.SendAsync("Carol, see below");
        await alice.StartDirectChatAsync(bob);
        await alice.SendAsync("Meet at the north gate at 6");

        await alice.Message("Meet at the north gate").HoverAsync();
        await alice.Message("Meet at the north gate").GetByRole(AriaRole.Button, new() { Name = "Forward" }).ClickAsync();
        var dialog = alice.Page.GetByRole(AriaRole.Dialog, new() { Name = "Forward to…" });
        await dialog.GetByLabel("Search chats").FillAsync("Carol");
        await dialog.Locator("button.person").Filter(new() { HasText = carol.DisplayName }).ClickAsync();
        await Expect(dialog).ToHaveCountAsync(0);
        await Expect(alice.Page.GetByRole(AriaRole.Alert).Filter(new() { HasText = $"Forwarded to {carol.DisplayName}" })).ToBeVisibleAsync();

        await carol.Page.Locator(".chat-item").Filter(new() { HasText = alice.DisplayName }).ClickAsync();
        var copy = carol.Message("Meet at the north gate at 6");
        await Expect(copy.GetByTestId("forwarded")).ToHaveTextAsync("Forwarded");
        await Expect(carol.Message("Carol, see below").GetByTestId("forwarded")).ToHaveCountAsync(0);
        await carol.ScreenshotAsync("20-forwarded");
    }

    [Fact]
    public async Task MessageInfo_InAGroup_ShowsWhoReadAndWhoReceived_WithTimes_AndFollowsLive()
    {
        await using var alice = await Person.SignUpAsync(chromium.Browser, served.App, "Alice");
        await using var bob = await Person.SignUpAsync(chromium.Browser, served.App, "Bob");
        await using var carol = await Person.SignUpAsync(chromium.Browser, served.App, "Carol");
        await alice.CreateGroupAsync("Dinner club", bob, carol);
        await Expect(bob.Page.Locator(".chat-item").Filter(new() { HasText = "Dinner club" })).ToBeVisibleAsync();
        await Expect(carol.Page.Locator(".chat-item").Filter(new() { HasText = "Dinner club" })).ToBeVisibleAsync();
        await alice.SendAsync("Dinner at 8?");
        // Both devices are online: the message reaches them (delivered) before anyone opens it.
        await Expect(alice.Message("Dinner at 8?").Locator("[data-tick]")).ToHaveAttributeAsync("data-tick", "delivered");
        await bob.Page.Locator(".chat-item").Filter(new() { HasText = "Dinner club" }).ClickAsync();
        await Expect(bob.Message("Dinner at 8?")).ToBeVisibleAsync();

        await alice.Message("Dinner at 8?").HoverAsync();
        await alice.Message("Dinner at 8?").GetByRole(AriaRole.Button, new() { Name = "Message info" }).ClickAsync();
        var info = alice.Page.GetByRole(AriaRole.Dialog, new() { Name = "Message info" });
        await Expect(info.GetByTestId("message-info-text")).ToHaveTextAsync("Dinner at 8?");
        await Expect(info.GetByTestId("read-by-head")).ToHaveTextAsync("Read by 1");
        await Expect(info.GetByTestId("read-by").Locator("li")).ToContainTextAsync(bob.DisplayName);
        await Expect(info.GetByTestId("read-by").Locator("li time")).ToHaveTextAsync(new Regex(@"^Today, \d\d:\d\d"));
        await Expect(info.GetByTestId("delivered-to").Locator("li")).ToContainTextAsync(carol.DisplayName);
        await Expect(info.GetByTestId("delivered-to").Locator("li time")).ToHaveTextAsync(new Regex(@"^Today, \d\d:\d\d"));

        await carol.Page.Locator(".chat-item").Filter(new() { HasText = "Dinner club" }).ClickAsync();
        await Expect(info.GetByTestId("read-by-head")).ToHaveTextAsync("Read by 2");
        await Expect(info.GetByTestId("delivered-head")).ToHaveTextAsync("Delivered to 0");
        await alice.ScreenshotAsync("21-message-info-read-by");
    }
}
