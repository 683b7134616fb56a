using System.Text;
using Microsoft.Playwright;
using OpenChat.Chain.Browser.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace OpenChat.Chain.Browser.Tests.Messaging;

/// <summary>
/// Private chats (issue 18): MLS in each browser, ciphertext on the service. Each side reads the plaintext; the
/// service's SQLite file (and its write-ahead log) holds none of it.
/// </summary>
public sealed class PrivateChatTests(Chromium chromium, ServedAppFixture served) : IClassFixture<ServedAppFixture>
{
    [Fact]
    public async Task PrivateDirectChat_MessagesEditAndReaction_ArePlainOnBothSides_AndAbsentFromTheDatabase()
    {
        await using var alice = await SignUpAsync("Alice");
        await using var bob = await SignUpAsync("Bob");

        await alice.Page.GetByRole(AriaRole.Button, new() { Name = "New", Exact = true }).ClickAsync();
        await alice.Page.GetByLabel("Private chat").CheckAsync();
        await alice.Page.GetByPlaceholder("Search by username or name").FillAsync(bob.Handle);
        await alice.Page.Locator($"[data-handle='{bob.Handle}']").ClickAsync();
        await Expect(alice.Page.GetByRole(AriaRole.Heading, new() { Name = bob.DisplayName })).ToBeVisibleAsync();
        await Expect(alice.Page.GetByTestId("private-mark")).ToBeVisibleAsync();
        await Expect(alice.Page.GetByTestId("notice").Filter(new() { HasText = "end-to-end encrypted" })).ToBeVisibleAsync();

        await alice.SendAsync("Meet me at the old oak tree 🌳");
        var bobsItem = bob.Page.Locator(".chat-item").Filter(new() { HasText = alice.DisplayName });
        await Expect(bobsItem.GetByTestId("private-icon")).ToBeVisibleAsync();
        await bobsItem.ClickAsync();
        await Expect(bob.Message("Meet me at the old oak tree")).ToBeVisibleAsync();
        await bob.SendAsync("On my way with the treasure map");
        await Expect(alice.Message("On my way with the treasure map")).ToBeVisibleAsync();

        await alice.Message("Meet me at the old oak tree").HoverAsync();
        await alice.Message("Meet me at the old oak tree").GetByRole(AriaRole.Button, new() { Name = "Edit" }).ClickAsync();
        // Edit mode fills the composer with the decrypted text; typing before it did would be overwritten.
        await Expect(alice.Composer).ToHaveValueAsync("Meet me at the old oak tree 🌳");
        await alice.Composer.FillAsync("Meet me at the old pine tree 🌲");
        await alice.Composer.PressAsync("Enter");
        await Expect(bob.Message("Meet me at the old pine tree").Locator(".edited")).ToBeVisibleAsync();

        await bob.Message("Meet me at the old pine tree").HoverAsync();
        await bob.Message("Meet me at the old pine tree").GetByRole(AriaRole.Button, new() { Name = "React", Exact = true }).ClickAsync();
        await bob.Page.GetByRole(AriaRole.Menuitem, new() { Name = "React 👍" }).ClickAsync();
        await Expect(alice.Message("Meet me at the old pine tree").Locator(".reaction")).ToContainTextAsync("👍");
        await bob.ScreenshotAsync("46-private-chat");

        // Money stays in the conversation, and the sheet says it is not encrypted (on chain, seen by the service).
        await bob.Message("Meet me at the old pine tree").HoverAsync();
        await bob.Message("Meet me at the old pine tree").GetByRole(AriaRole.Button, new() { Name = "Tip" }).ClickAsync();
        await Expect(bob.Page.GetByRole(AriaRole.Dialog).GetByTestId("private-payment-note")).ToContainTextAsync("payments are not");
        await bob.Page.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Button, new() { Name = "Close" }).ClickAsync();
        await Expect(bob.Page.GetByRole(AriaRole.Dialog)).ToHaveCountAsync(0);

        // The check reads what it should: a plain chat's message is in the same file.
        await alice.StartDirectChatAsync(bob);
        await Expect(alice.Page.GetByTestId("private-mark")).ToHaveCountAsync(0);
        await alice.SendAsync("A plain sentence about the treasure the service may read");
        Assert.True(InDatabase("plain sentence about the treasure"));

        // Search: the service finds the plain chat's message, this browser its private one; both are listed.
        await alice.Page.GetByRole(AriaRole.Searchbox, new() { Name = "Search messages in all chats" }).FillAsync("treasure");
        await alice.Page.Keyboard.PressAsync("Enter");
        await Expect(alice.Page.Locator(".result").Filter(new() { HasText = "On my way with the treasure map" })).ToBeVisibleAsync();
        await Expect(alice.Page.Locator(".result").Filter(new() { HasText = "plain sentence about the treasure" })).ToBeVisibleAsync();
        await Expect(alice.Page.Locator(".result")).ToHaveCountAsync(2);
        await alice.ScreenshotAsync("47-private-search-on-device");
        Assert.False(InDatabase("old oak tree") || InDatabase("old pine tree") || InDatabase("treasure map"));
    }

    [Fact]
    public async Task PrivateGroupOfThree_EveryoneReadsEveryone_AndTheDatabaseHoldsNoPlaintext()
    {
        await using var alice = await SignUpAsync("Alice");
        await using var bob = await SignUpAsync("Bob");
        await using var carol = await SignUpAsync("Carol");

        await alice.Page.GetByRole(AriaRole.Button, new() { Name = "New", Exact = true }).ClickAsync();
        await alice.Page.GetByRole(AriaRole.Tab, new() { Name = "New group" }).ClickAsync();
        await alice.Page.GetByLabel("Private chat").CheckAsync();
        await alice.Page.GetByLabel("Group name").FillAsync("Skunkworks");
        foreach (var member in new[] { bob, carol })
        {
            await alice.Page.GetByPlaceholder("Search by username or name").FillAsync(member.Handle);
            await alice.Page.Locator($"[data-handle='{member.Handle}']").ClickAsync();
            await Expect(alice.Page.Locator(".chip").Filter(new() { HasText = member.DisplayName })).ToBeVisibleAsync();
        }
        await alice.Page.GetByRole(AriaRole.Button, new() { Name = "Create group" }).ClickAsync();
        await Expect(alice.Page.GetByRole(AriaRole.Heading, new() { Name = "Skunkworks" })).ToBeVisibleAsync();
        await Expect(alice.Page.GetByTestId("notice").Filter(new() { HasText = "end-to-end encrypted" })).ToBeVisibleAsync();

        await alice.SendAsync("The launch code is tangerine");
        foreach (var member in new[] { bob, carol })
        {
            await member.Page.Locator(".chat-item").Filter(new() { HasText = "Skunkworks" }).ClickAsync();
            await Expect(member.Message("The launch code is tangerine")).ToBeVisibleAsync();
        }
        await carol.SendAsync("Copy that, tangerine it is");
        await Expect(alice.Message("Copy that, tangerine it is")).ToBeVisibleAsync();
        await Expect(bob.Message("Copy that, tangerine it is")).ToBeVisibleAsync();
        await bob.SendAsync("Bringing the blueprints");
        await Expect(alice.Message("Bringing the blueprints")).ToBeVisibleAsync();
        await Expect(carol.Message("Bringing the blueprints")).ToBeVisibleAsync();

        // History on a fresh load comes from this device's own store: MLS keys are used once and then deleted.
        await carol.Page.ReloadAsync();
        await carol.Page.Locator(".chat-item").Filter(new() { HasText = "Skunkworks" }).ClickAsync();
        await Expect(carol.Message("The launch code is tangerine")).ToBeVisibleAsync();
        await Expect(carol.Message("Bringing the blueprints")).ToBeVisibleAsync();

        Assert.False(InDatabase("launch code") || InDatabase("tangerine") || InDatabase("blueprints"));
    }

    async Task<Person> SignUpAsync(string name)
    {
        var person = await Person.SignUpAsync(chromium.Browser, served.App, name);
        // The browser has published its MLS key packages: it can be added to a private chat.
        await Expect(person.Page.Locator("html[data-mls-ready='true']")).ToHaveCountAsync(1, new() { Timeout = 30_000 });
        return person;
    }

    /// <summary>Whether the service's SQLite file or its write-ahead log holds the text anywhere (a table, an index, a free page).</summary>
    bool InDatabase(string text)
    {
        // The browser suite runs on SQLite (scripts/test.sh); PostgreSQL's files are not the service's to read.
        Assert.False(OpenChat.Chain.Tests.Support.TestDatabase.OnPostgres, "this check reads the SQLite file");
        using var all = new MemoryStream();
        foreach (var file in new[] { "openchat.db", "openchat.db-wal" })
        {
            var path = Path.Combine(served.App.DataDirectory, file);
            if (!File.Exists(path)) continue;
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            stream.CopyTo(all);
        }
        var bytes = all.ToArray();
        return bytes.AsSpan().IndexOf(Encoding.UTF8.GetBytes(text)) >= 0 || bytes.AsSpan().IndexOf(Encoding.Unicode.GetBytes(text)) >= 0;
    }
}
