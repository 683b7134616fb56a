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

        await alice.StartPrivateChatAsync(bob);
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
        var chain = await TestChain.OfAsync(served.App);
        await chain.FundAsync(await bob.AddressAsync(), 10);
        await bob.Message("Meet me at the old pine tree").HoverAsync();
        await bob.Message("Meet me at the old pine tree").GetByRole(AriaRole.Button, new() { Name = "Tip" }).ClickAsync();
        var tipSheet = bob.Page.GetByRole(AriaRole.Dialog);
        await Expect(tipSheet.GetByTestId("private-payment-note")).ToContainTextAsync("payments are not");
        await tipSheet.GetByRole(AriaRole.Button, new() { Name = "1 CHAT" }).ClickAsync();
        await tipSheet.GetByRole(AriaRole.Button, new() { Name = "Review tip" }).ClickAsync();
        await bob.ConfirmPaymentAsync($"Tip {alice.DisplayName} 1 CHAT");
        await Expect(bob.Page.GetByTestId("tip").Locator("[data-status]")).ToHaveAttributeAsync("data-status", "confirmed", new() { Timeout = 60_000 });
        await Expect(alice.Page.GetByTestId("tip")).ToContainTextAsync("1 CHAT", new() { Timeout = 30_000 });
        await Expect(alice.Page.GetByTestId("tip").Locator("[data-status]")).ToHaveAttributeAsync("data-status", "confirmed", new() { Timeout = 60_000 });

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
    public async Task PrivateGroupOfThree_MessagesPhotoEditReactionAndTip_ReachEveryone_AndNoPlaintextOrPhotoIsOnTheService()
    {
        await using var alice = await SignUpAsync("Alice");
        await using var bob = await SignUpAsync("Bob");
        await using var carol = await SignUpAsync("Carol");
        var chain = await TestChain.OfAsync(served.App);
        await chain.FundAsync(await alice.AddressAsync(), 20);
        var bobAddress = await bob.AddressAsync();
        var bobBefore = await chain.BalanceAsync(bobAddress);

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

        // Safety numbers in a group: one per pair of members, the same on both of their screens, different for each pair.
        var aliceSees = await SafetyNumbersAsync(alice, bob, carol);
        var bobSees = await SafetyNumbersAsync(bob, alice, carol);
        var carolSees = await SafetyNumbersAsync(carol, alice, bob);
        Assert.Equal(aliceSees[bob], bobSees[alice]);
        Assert.Equal(aliceSees[carol], carolSees[alice]);
        Assert.Equal(bobSees[carol], carolSees[bob]);
        Assert.Equal(3, new[] { aliceSees[bob], aliceSees[carol], bobSees[carol] }.Distinct().Count());

        // Carol adds a second device: the numbers of her pairs change, on both screens alike; Alice and Bob's stays.
        await using var carolsLaptop = await carol.SignInOnNewDeviceAsync(chromium.Browser, served.App);
        await Expect(carolsLaptop.Page.Locator("html[data-mls-ready='true']")).ToHaveCountAsync(1, new() { Timeout = 30_000 });
        var code = await carolsLaptop.DeviceCodeAsync();
        await carol.AddDeviceAsync(code);
        foreach (var member in new[] { alice, bob })
            await Expect(member.Page.GetByTestId("notice").Filter(new() { HasText = $"{carol.DisplayName}’s keys changed (new device)" }))
                .ToBeVisibleAsync(new() { Timeout = 30_000 });
        var aliceNow = await SafetyNumbersAsync(alice, bob, carol);
        var bobNow = await SafetyNumbersAsync(bob, alice, carol);
        Assert.NotEqual(aliceSees[carol], aliceNow[carol]);
        Assert.NotEqual(bobSees[carol], bobNow[carol]);
        Assert.Equal((aliceSees[bob], bobSees[alice]), (aliceNow[bob], bobNow[alice]));
        await carol.Page.Locator(".chat-item").Filter(new() { HasText = "Skunkworks" }).ClickAsync();
        await ExpectSafetyNumberAsync(carol, alice, aliceNow[carol]);
        await ExpectSafetyNumberAsync(carol, bob, bobNow[carol]);

        // A photo from Carol: sealed once for the group, opened in both other browsers.
        var photo = await DrawPhotoAsync(carol.Page, sky: "#f97316");
        await carol.Page.Locator("input[type=file]").SetInputFilesAsync(new FilePayload { Name = "hangar.png", MimeType = "image/png", Buffer = photo });
        await Expect(carol.Page.Locator(".previews img")).ToBeVisibleAsync();
        await carol.Composer.FillAsync("The floor plan of hangar nine");
        await carol.Composer.PressAsync("Enter");
        foreach (var member in new[] { alice, bob })
        {
            var shown = member.Message("The floor plan of hangar nine").GetByTestId("sealed-photo");
            await Expect(shown).ToBeVisibleAsync(new() { Timeout = 15_000 });
            await member.Page.WaitForFunctionAsync("img => img.complete && img.naturalWidth === 480 && img.src.startsWith('blob:')",
                await shown.ElementHandleAsync(), new() { Timeout = 15_000 });
        }

        // Bob edits his message, Carol reacts to it; each change reaches the other two.
        await bob.Message("Bringing the blueprints").HoverAsync();
        await bob.Message("Bringing the blueprints").GetByRole(AriaRole.Button, new() { Name = "Edit" }).ClickAsync();
        await Expect(bob.Composer).ToHaveValueAsync("Bringing the blueprints");
        await bob.Composer.FillAsync("Bringing the blueprints and the spare key 🔑");
        await bob.Composer.PressAsync("Enter");
        foreach (var member in new[] { alice, carol })
            await Expect(member.Message("the spare key").Locator(".edited")).ToBeVisibleAsync();
        await carol.Message("the spare key").HoverAsync();
        await carol.Message("the spare key").GetByRole(AriaRole.Button, new() { Name = "React", Exact = true }).ClickAsync();
        await carol.Page.GetByRole(AriaRole.Menuitem, new() { Name = "React 👍" }).ClickAsync();
        foreach (var member in new[] { alice, bob })
            await Expect(member.Message("the spare key").Locator(".reaction")).ToContainTextAsync("👍");

        // Alice tips Bob's encrypted message: the tip is on chain, and its card (not the encrypted message) carries it.
        await alice.Message("the spare key").HoverAsync();
        await alice.Message("the spare key").GetByRole(AriaRole.Button, new() { Name = "Tip" }).ClickAsync();
        var tipSheet = alice.Page.GetByRole(AriaRole.Dialog);
        await Expect(tipSheet.GetByTestId("private-payment-note")).ToContainTextAsync("payments are not");
        await tipSheet.GetByRole(AriaRole.Button, new() { Name = "2 CHAT" }).ClickAsync();
        await tipSheet.GetByRole(AriaRole.Button, new() { Name = "Review tip" }).ClickAsync();
        await alice.ConfirmPaymentAsync($"Tip {bob.DisplayName} 2 CHAT");
        await Expect(alice.Page.GetByTestId("tip").Locator("[data-status]")).ToHaveAttributeAsync("data-status", "confirmed", new() { Timeout = 60_000 });
        foreach (var member in new[] { bob, carol })
        {
            await Expect(member.Page.GetByTestId("tip")).ToContainTextAsync("2 CHAT", new() { Timeout = 30_000 });
            await Expect(member.Page.GetByTestId("tip").Locator("[data-status]")).ToHaveAttributeAsync("data-status", "confirmed", new() { Timeout = 60_000 });
        }
        Assert.Equal(bobBefore + TestChain.Units(2m), await chain.BalanceAsync(bobAddress));
        await bob.ScreenshotAsync("66-private-group-photo-and-tip");

        // The media folder holds the photo only as ciphertext (the photo and GCM's 16-byte tag), the database none of it.
        var media = Directory.GetFiles(Path.Combine(served.App.DataDirectory, "media"), "*", SearchOption.AllDirectories);
        Assert.Contains(media, f => new FileInfo(f).Length == photo.Length + 16);
        var run = photo.AsSpan(photo.Length / 2, 64).ToArray();
        Assert.DoesNotContain(media, f => File.ReadAllBytes(f).AsSpan().IndexOf(run) >= 0);
        Assert.False(InDatabase(run), "the photo's bytes are in the database");
        Assert.False(InDatabase("launch code") || InDatabase("tangerine") || InDatabase("blueprints") || InDatabase("spare key")
            || InDatabase("hangar nine"));
    }

    [Fact]
    public async Task PrivatePhotoAndTransferNote_AreReadByTheOtherSide_AndNeitherIsOnTheService()
    {
        await using var alice = await SignUpAsync("Alice");
        await using var bob = await SignUpAsync("Bob");
        var chain = await TestChain.OfAsync(served.App);
        await chain.FundAsync(await alice.AddressAsync(), 20);

        await alice.StartPrivateChatAsync(bob);
        await Expect(alice.Page.GetByTestId("notice").Filter(new() { HasText = "end-to-end encrypted" })).ToBeVisibleAsync();

        // A photo: encrypted in Alice's browser with its own key, decrypted in Bob's and shown from an object URL.
        var photo = await DrawPhotoAsync(alice.Page);
        await alice.Page.Locator("input[type=file]").SetInputFilesAsync(new FilePayload { Name = "cove.png", MimeType = "image/png", Buffer = photo });
        await Expect(alice.Page.Locator(".previews img")).ToBeVisibleAsync();
        await alice.Composer.FillAsync("The map to the hidden cove");
        await alice.Composer.PressAsync("Enter");
        await bob.Page.Locator(".chat-item").Filter(new() { HasText = alice.DisplayName }).ClickAsync();
        var shown = bob.Message("The map to the hidden cove").GetByTestId("sealed-photo");
        await Expect(shown).ToBeVisibleAsync(new() { Timeout = 15_000 });
        await bob.Page.WaitForFunctionAsync("img => img.complete && img.naturalWidth === 480 && img.src.startsWith('blob:')",
            await shown.ElementHandleAsync(), new() { Timeout = 15_000 });

        // A transfer's note: the card is on chain (and says so); the note follows it as an encrypted reply.
        await alice.Page.GetByRole(AriaRole.Button, new() { Name = "Send money or a red envelope" }).ClickAsync();
        var dialog = alice.Page.GetByRole(AriaRole.Dialog);
        await Expect(dialog.GetByTestId("private-payment-note")).ToContainTextAsync("follows the card as an encrypted message");
        await dialog.GetByLabel("Amount (CHAT)").FillAsync("3");
        await dialog.GetByLabel("Note (optional, end-to-end encrypted)").FillAsync("for the smuggled rum");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Review" }).ClickAsync();
        await alice.ConfirmPaymentAsync($"Send 3 CHAT to {bob.DisplayName}", "3 CHAT");
        await Expect(bob.Page.GetByTestId("transfer")).ToBeVisibleAsync(new() { Timeout = 30_000 });
        var note = bob.Message("for the smuggled rum");
        await Expect(note).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await Expect(bob.Page.GetByTestId("transfer")).Not.ToContainTextAsync("smuggled rum");
        await bob.ScreenshotAsync("48-private-photo-and-payment-note");

        // The checks read what they should: the media folder holds the upload (ciphertext: the photo and GCM's 16-byte tag).
        var media = Directory.GetFiles(Path.Combine(served.App.DataDirectory, "media"), "*", SearchOption.AllDirectories);
        Assert.Contains(media, f => new FileInfo(f).Length == photo.Length + 16);
        // A distinctive run of the photo: 64 bytes from the middle of its compressed pixels, not the header every PNG shares.
        var run = photo.AsSpan(photo.Length / 2, 64).ToArray();
        Assert.DoesNotContain(media, f => File.ReadAllBytes(f).AsSpan().IndexOf(run) >= 0);
        Assert.False(InDatabase(run), "the photo's bytes are in the database");
        Assert.False(InDatabase("smuggled rum") || InDatabase("hidden cove"));
    }

    /// <summary>A 480×320 PNG; a different <paramref name="sky"/> gives different bytes, so each test finds its own upload.</summary>
    static async Task<byte[]> DrawPhotoAsync(IPage page, string sky = "#0ea5e9")
    {
        var dataUrl = await page.EvaluateAsync<string>("""
            sky => {
              const c = document.createElement('canvas'); c.width = 480; c.height = 320;
              const g = c.getContext('2d');
              const sea = g.createLinearGradient(0, 0, 480, 320); sea.addColorStop(0, sky); sea.addColorStop(1, '#14532d');
              g.fillStyle = sea; g.fillRect(0, 0, 480, 320);
              for (let i = 0; i < 40; i++) { g.fillStyle = `hsl(${i * 9}, 70%, 60%)`; g.fillRect((i * 37) % 480, (i * 53) % 320, 24, 18); }
              return c.toDataURL('image/png');
            }
            """, sky);
        return Convert.FromBase64String(dataUrl[(dataUrl.IndexOf(',') + 1)..]);
    }

    /// <summary>Opens the open private chat's safety numbers and reads the one of each other member named (12 groups of 5 digits).</summary>
    static async Task<Dictionary<Person, string>> SafetyNumbersAsync(Person person, params Person[] others)
    {
        await person.Page.GetByRole(AriaRole.Button, new() { Name = "Safety numbers" }).ClickAsync();
        var numbers = new Dictionary<Person, string>();
        foreach (var other in others)
        {
            var number = NumberFor(person, other);
            await Expect(number).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(@"^\s*\d{5}( \d{5}){11}\s*$"), new() { Timeout = 30_000 });
            numbers[other] = (await number.InnerTextAsync()).Trim();
        }
        await person.Page.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Button, new() { Name = "Close" }).ClickAsync();
        return numbers;
    }

    /// <summary>Waits until the person's screen shows this safety number for the other member (its device may still be applying a commit).</summary>
    static async Task ExpectSafetyNumberAsync(Person person, Person other, string expected)
    {
        await person.Page.GetByRole(AriaRole.Button, new() { Name = "Safety numbers" }).ClickAsync();
        await Expect(NumberFor(person, other)).ToHaveTextAsync(expected, new() { Timeout = 30_000 });
        await person.Page.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Button, new() { Name = "Close" }).ClickAsync();
    }

    static ILocator NumberFor(Person person, Person other) =>
        person.Page.GetByRole(AriaRole.Dialog).Locator("li.person").Filter(new() { HasText = other.DisplayName }).GetByTestId("safety-number");

    async Task<Person> SignUpAsync(string name)
    {
        var person = await Person.SignUpAsync(chromium.Browser, served.App, name);
        // The browser has published its MLS key packages: it can be added to a private chat.
        await Expect(person.Page.Locator("html[data-mls-ready='true']")).ToHaveCountAsync(1, new() { Timeout = 30_000 });
        return person;
    }

    /// <summary>Whether the service's SQLite file or its write-ahead log holds the text anywhere (a table, an index, a free page).</summary>
    bool InDatabase(string text) => InDatabase(Encoding.UTF8.GetBytes(text)) || InDatabase(Encoding.Unicode.GetBytes(text));

    bool InDatabase(byte[] needle)
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
        return all.ToArray().AsSpan().IndexOf(needle) >= 0;
    }
}
