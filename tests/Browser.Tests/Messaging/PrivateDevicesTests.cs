using System.Text.RegularExpressions;
using Microsoft.Playwright;
using OpenChat.Chain.Browser.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace OpenChat.Chain.Browser.Tests.Messaging;

/// <summary>
/// Private chats across devices (issue 18): safety numbers both sides compare, a second device of Alice's added by a
/// code typed on her first device (it reads only what is sent after), Bob told that her keys changed, and the device
/// removed again so it cannot read what is sent after that; two devices committing on the same epoch, the loser
/// building its commit again; a message on the epoch that adds a device, reaching it before its Welcome, read once
/// the Welcome is in.
/// </summary>
public sealed partial class PrivateDevicesTests(Chromium chromium, ServedAppFixture served) : IClassFixture<ServedAppFixture>
{
    [Fact]
    public async Task SecondDevice_ReadsOnlyAfterItWasAdded_BobSeesTheKeyChange_AndOnceRemovedItReadsNothingNew()
    {
        await using var alice = await SignUpAsync("Alice");
        await using var bob = await SignUpAsync("Bob");

        await alice.StartPrivateChatAsync(bob);
        await alice.SendAsync("Sent before the second device, the vault is blue");
        await bob.Page.Locator(".chat-item").Filter(new() { HasText = alice.DisplayName }).ClickAsync();
        await Expect(bob.Message("the vault is blue")).ToBeVisibleAsync();

        // Both sides compute the same number from the group's public keys.
        var first = await SafetyNumberAsync(alice);
        Assert.Equal(first, await SafetyNumberAsync(bob));

        // Alice signs in on a new browser; her first device adds it with the code it shows.
        await using var laptop = await alice.SignInOnNewDeviceAsync(chromium.Browser, served.App);
        await Expect(laptop.Page.Locator("html[data-mls-ready='true']")).ToHaveCountAsync(1, new() { Timeout = 30_000 });
        var code = await laptop.DeviceCodeAsync();
        await alice.Page.GetByRole(AriaRole.Link, new() { Name = "Wallet" }).ClickAsync();
        Assert.NotEqual(code, await alice.DeviceCodeAsync());
        var stockBefore = await KeyStockAsync(alice);
        await alice.AddDeviceAsync(code);
        // Only the new device's package was claimed: the first device's stock is untouched.
        var stockAfter = await KeyStockAsync(alice);
        Assert.Equal(stockBefore.Keys.Order(), stockAfter.Keys.Order());
        Assert.Equal(1, stockBefore.Sum(d => d.Value) - stockAfter.Sum(d => d.Value));
        Assert.Single(stockBefore, d => stockAfter[d.Key] != d.Value);

        // Bob is told, and the number he compares changes.
        await Expect(bob.Page.GetByTestId("notice").Filter(new() { HasText = $"{alice.DisplayName}’s keys changed (new device). Verify the safety number." }))
            .ToBeVisibleAsync(new() { Timeout = 30_000 });
        var second = await SafetyNumberAsync(bob);
        Assert.NotEqual(first, second);
        await bob.SendAsync("Sent after the second device joined, the code is 4711");

        // The new device reads what came after it joined, and not what came before.
        await laptop.Page.Locator(".chat-item").Filter(new() { HasText = bob.DisplayName }).ClickAsync();
        await Expect(laptop.Message("the code is 4711")).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await Expect(laptop.Message("Sent before this device joined")).ToHaveCountAsync(1);
        await Expect(laptop.Message("the vault is blue")).ToHaveCountAsync(0);
        await Expect(laptop.Page.GetByTestId("notice").Filter(new() { HasText = "This device joined the private chat here" })).ToHaveCountAsync(1);
        Assert.Equal(second, await SafetyNumberAsync(laptop));
        await laptop.ScreenshotAsync("48-private-second-device");

        // Alice removes the device from her first one: Bob is told again, and the device reads nothing sent after.
        var entry = alice.Page.GetByTestId("private-device").Filter(new() { HasText = code });
        await entry.GetByRole(AriaRole.Button).ClickAsync();
        await Expect(alice.Page.GetByTestId("private-devices-status")).ToContainTextAsync("Removed from 1 private chat");
        await Expect(bob.Page.GetByTestId("notice").Filter(new() { HasText = "keys changed (device removed)" })).ToBeVisibleAsync(new() { Timeout = 30_000 });
        // Alice's devices are her first one alone again: the number is the one compared at the start.
        Assert.Equal(first, await SafetyNumberAsync(bob));
        await bob.SendAsync("Sent after the removal, the meeting moved to noon");
        // The message reaches the removed device (its row shows up) and stays unreadable there.
        await Expect(laptop.Message("Sent after this device was removed")).ToHaveCountAsync(1, new() { Timeout = 30_000 });
        await Expect(laptop.Message("meeting moved to noon")).ToHaveCountAsync(0);
        await alice.Page.GetByRole(AriaRole.Link, new() { Name = "Chats", Exact = true }).ClickAsync();
        await alice.Page.Locator(".chat-item").Filter(new() { HasText = bob.DisplayName }).ClickAsync();
        await Expect(alice.Message("meeting moved to noon")).ToBeVisibleAsync();
        await Expect(alice.Page.GetByTestId("notice").Filter(new() { HasText = "Your keys changed (device removed)" })).ToBeVisibleAsync();
    }

    [Fact]
    public async Task TwoDevicesCommittingOnTheSameEpoch_TheLoserBuildsItsCommitAgain()
    {
        await using var alice = await SignUpAsync("Alice");
        await using var bob = await SignUpAsync("Bob");
        await alice.StartPrivateChatAsync(bob);
        await alice.SendAsync("Before the race");
        await bob.Page.Locator(".chat-item").Filter(new() { HasText = alice.DisplayName }).ClickAsync();
        await Expect(bob.Message("Before the race")).ToBeVisibleAsync();

        // Alice's laptop joins the chat the usual way and reads what comes after.
        await using var laptop = await alice.SignInOnNewDeviceAsync(chromium.Browser, served.App);
        await Expect(laptop.Page.Locator("html[data-mls-ready='true']")).ToHaveCountAsync(1, new() { Timeout = 30_000 });
        await alice.AddDeviceAsync(await laptop.DeviceCodeAsync());
        await bob.SendAsync("The laptop is in");
        await laptop.Page.Locator(".chat-item").Filter(new() { HasText = bob.DisplayName }).ClickAsync();
        await Expect(laptop.Message("The laptop is in")).ToBeVisibleAsync(new() { Timeout = 30_000 });

        // Two more new devices; the first device adds the tablet and the laptop the desk, both on the same epoch: the
        // first device's commit is held in the network until the laptop's is in the log, so it lands second and loses.
        // Each copies the passkey from the device signed in last: its signature counter must keep rising (WebAuthn §6.1.1).
        await using var tablet = await laptop.SignInOnNewDeviceAsync(chromium.Browser, served.App);
        await using var desk = await tablet.SignInOnNewDeviceAsync(chromium.Browser, served.App);
        foreach (var device in new[] { tablet, desk })
            await Expect(device.Page.Locator("html[data-mls-ready='true']")).ToHaveCountAsync(1, new() { Timeout = 30_000 });
        var (tabletCode, deskCode) = (await tablet.DeviceCodeAsync(), await desk.DeviceCodeAsync());
        var held = new TaskCompletionSource();
        var release = new TaskCompletionSource();
        await alice.Page.RouteAsync("**/api/chats/*/messages", async route =>
        {
            if (route.Request.Method == "POST" && route.Request.PostData?.Contains("\"handshake\":true") == true && !held.Task.IsCompleted)
            {
                held.TrySetResult();
                await release.Task;
            }
            await route.ContinueAsync();
        });
        await alice.Page.GetByRole(AriaRole.Link, new() { Name = "Wallet" }).ClickAsync();
        await alice.Page.GetByLabel("Code shown on your new device").FillAsync(tabletCode);
        await alice.Page.GetByRole(AriaRole.Button, new() { Name = "Add to private chats" }).ClickAsync();
        await held.Task.WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);
        await laptop.AddDeviceAsync(deskCode);
        release.SetResult();
        await Expect(alice.Page.GetByTestId("private-devices-status")).ToContainTextAsync("Added to 1 private chat");

        // The laptop's commit won (the desk is in); the first device saw its own land on an old epoch and built it
        // again, so the tablet is in too, and every device, the first one included, still shares the group's keys.
        // Bob writes once his device has taken both commits (a notice each, after the laptop's): a message sent on the
        // epoch before the tablet's is one the tablet was never given the keys for, as MLS intends.
        await Expect(bob.Page.GetByTestId("notice").Filter(new() { HasText = "keys changed (new device)" }))
            .ToHaveCountAsync(3, new() { Timeout = 30_000 });
        await bob.SendAsync("After the race, the password is kiwi");
        foreach (var device in new[] { tablet, desk, laptop })
        {
            await device.Page.Locator(".chat-item").Filter(new() { HasText = bob.DisplayName }).ClickAsync();
            await Expect(device.Message("the password is kiwi")).ToBeVisibleAsync(new() { Timeout = 30_000 });
        }
        await alice.Page.Locator(".chat-item").Filter(new() { HasText = bob.DisplayName }).ClickAsync();
        await Expect(alice.Message("the password is kiwi")).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await alice.SendAsync("Read on every device");
        await Expect(bob.Message("Read on every device")).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await Expect(tablet.Message("Read on every device")).ToBeVisibleAsync(new() { Timeout = 30_000 });
        Assert.Equal(await SafetyNumberAsync(bob), await SafetyNumberAsync(alice));
    }

    [Fact]
    public async Task AMessageOnTheEpochThatAddsADevice_ThatReachesItBeforeItsWelcome_IsReadOnceTheWelcomeIsIn()
    {
        const string unreadable = "Sent before this device joined";
        await using var alice = await SignUpAsync("Alice");
        await using var bob = await SignUpAsync("Bob");
        await alice.StartPrivateChatAsync(bob);
        await alice.SendAsync("Before the laptop, the door code is 1234");
        await bob.Page.Locator(".chat-item").Filter(new() { HasText = alice.DisplayName }).ClickAsync();
        await Expect(bob.Message("the door code is 1234")).ToBeVisibleAsync();

        // Alice's laptop has the chat open before it is added: it shows each message as it arrives.
        await using var laptop = await alice.SignInOnNewDeviceAsync(chromium.Browser, served.App);
        await Expect(laptop.Page.Locator("html[data-mls-ready='true']")).ToHaveCountAsync(1, new() { Timeout = 30_000 });
        var code = await laptop.DeviceCodeAsync();
        await laptop.Page.GetByRole(AriaRole.Link, new() { Name = "Chats", Exact = true }).ClickAsync();
        await laptop.Page.Locator(".chat-item").Filter(new() { HasText = bob.DisplayName }).ClickAsync();
        await Expect(laptop.Message(unreadable)).ToHaveCountAsync(1);

        // Alice's first device posts the laptop's Welcome once its commit is in the log: the network holds it back.
        var welcomeHeld = new TaskCompletionSource();
        var release = new TaskCompletionSource();
        await alice.Page.RouteAsync("**/api/chats/*/messages", async route =>
        {
            if (route.Request.Method == "POST" && IsWelcome(route.Request.PostData))
            {
                welcomeHeld.TrySetResult();
                await release.Task;
            }
            await route.ContinueAsync();
        });
        await alice.AddDeviceAsync(code);
        await welcomeHeld.Task.WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);

        // Bob has taken the commit, so he writes on the epoch that admits the laptop; his message is in the log before
        // the Welcome, and the laptop, with no group yet, cannot read it when it arrives.
        await Expect(bob.Page.GetByTestId("notice").Filter(new() { HasText = $"{alice.DisplayName}’s keys changed (new device)." }))
            .ToBeVisibleAsync(new() { Timeout = 30_000 });
        const string secret = "On the laptop's first epoch, the safe is behind the painting";
        await bob.SendAsync(secret);
        var sent = await bob.Message(secret).GetAttributeAsync("data-message-id");
        await Expect(laptop.Page.Locator($".row[data-message-id='{sent}']")).ToContainTextAsync(unreadable, new() { Timeout = 30_000 });

        // The Welcome lands after it: the laptop joins on that epoch and reads the message, without a reload; Alice's
        // first message, from the epoch before, stays unreadable.
        release.SetResult();
        await Expect(laptop.Page.GetByTestId("notice").Filter(new() { HasText = "This device joined the private chat here" }))
            .ToHaveCountAsync(1, new() { Timeout = 30_000 });
        await Expect(laptop.Message("the safe is behind the painting")).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await Expect(laptop.Message(unreadable)).ToHaveCountAsync(1);
        await Expect(laptop.Message("the door code is 1234")).ToHaveCountAsync(0);

        // The same after a reload: the plaintext is kept on the device, the earlier message is still not readable there.
        await laptop.Page.ReloadAsync();
        await Expect(laptop.Message("the safe is behind the painting")).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await Expect(laptop.Message(unreadable)).ToHaveCountAsync(1);
        await Expect(laptop.Message("the door code is 1234")).ToHaveCountAsync(0);
    }

    /// <summary>
    /// A Handshake message whose ciphertext is an MLS Welcome: an MLSMessage begins with its version (mls10 = 1) and
    /// wire format (mls_welcome = 3), two bytes each (RFC 9420 §6).
    /// </summary>
    static bool IsWelcome(string? postData)
    {
        if (postData is null) return false;
        using var body = System.Text.Json.JsonDocument.Parse(postData);
        if (!body.RootElement.TryGetProperty("handshake", out var handshake) || handshake.ValueKind != System.Text.Json.JsonValueKind.True) return false;
        var bytes = Convert.FromBase64String(body.RootElement.GetProperty("ciphertext").GetString()!);
        return bytes is [0, 1, 0, 3, ..];
    }

    /// <summary>Each of the person's devices with key packages in stock, and how many (GET /api/keys/devices).</summary>
    static async Task<Dictionary<string, int>> KeyStockAsync(Person person) =>
        System.Text.Json.JsonSerializer.Deserialize<KeyStock[]>(
                await person.Page.EvaluateAsync<string>("() => fetch('/api/keys/devices').then(r => r.text())"),
                new System.Text.Json.JsonSerializerOptions(System.Text.Json.JsonSerializerDefaults.Web))!
            .ToDictionary(d => d.DeviceId, d => d.Stored);

    sealed record KeyStock(string DeviceId, int Stored);

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task RemovingTheSecondDevicesPasskey_EndsItsSession_AndTakesItOutOfThePrivateChat(bool whileFirstDeviceAway)
    {
        await using var alice = await SignUpAsync("Alice");
        await using var bob = await SignUpAsync("Bob");
        await alice.StartPrivateChatAsync(bob);
        await alice.SendAsync("The lock is green");
        await bob.Page.Locator(".chat-item").Filter(new() { HasText = alice.DisplayName }).ClickAsync();
        await Expect(bob.Message("The lock is green")).ToBeVisibleAsync();
        var first = await SafetyNumberAsync(bob);

        // A passkey of its own for the new device, added from the first: the service excludes the passkeys the account
        // has, so the first one is set aside in this authenticator while the new one is made, then put back.
        var original = await alice.PasskeysAsync();
        var originalIds = original.Select(c => c.GetProperty("credentialId").GetString()!).ToList();
        await alice.Page.GetByRole(AriaRole.Link, new() { Name = "Wallet" }).ClickAsync();
        await alice.Page.RouteAsync("**/api/auth/passkeys/options", async route =>
        {
            foreach (var id in originalIds) await alice.ForgetPasskeyAsync(id);
            await route.ContinueAsync();
        });
        await Expect(alice.Page.GetByTestId("device")).ToHaveCountAsync(1);
        await alice.Page.GetByRole(AriaRole.Button, new() { Name = "Add a passkey…" }).ClickAsync();
        await alice.Page.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Button, new() { Name = "Review" }).ClickAsync();
        await alice.ConfirmPaymentAsync("Passkey 2");
        await Expect(alice.Page.GetByTestId("device")).ToHaveCountAsync(2);
        await alice.Page.UnrouteAsync("**/api/auth/passkeys/options");
        // The new passkey moves to the laptop; the first one comes back (one passkey per user in each authenticator).
        await using var laptop = await alice.SignInOnNewDeviceAsync(chromium.Browser, served.App);
        foreach (var made in await alice.PasskeysAsync()) await alice.ForgetPasskeyAsync(made.GetProperty("credentialId").GetString()!);
        foreach (var credential in original) await alice.StorePasskeyAsync(credential);
        await Expect(laptop.Page.Locator("html[data-mls-ready='true']")).ToHaveCountAsync(1, new() { Timeout = 30_000 });
        var code = await laptop.DeviceCodeAsync();
        await alice.AddDeviceAsync(code);
        await Expect(bob.Page.GetByTestId("notice").Filter(new() { HasText = "keys changed (new device)" })).ToBeVisibleAsync(new() { Timeout = 30_000 });
        Assert.NotEqual(first, await SafetyNumberAsync(bob));

        // The laptop's passkey goes: its session ends, and Alice's first device commits the Remove of its leaf, at once
        // when it is open, else on its next visit (the passkey removed from the laptop itself meanwhile).
        var remover = whileFirstDeviceAway ? laptop : alice;
        if (whileFirstDeviceAway) await alice.Page.GotoAsync("about:blank");
        await remover.Page.GetByRole(AriaRole.Button, new() { Name = "Remove Passkey 2" }).ClickAsync();
        await remover.Page.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Button, new() { Name = "Review" }).ClickAsync();
        await remover.ConfirmPaymentAsync("Passkey 2");
        if (whileFirstDeviceAway)
        {
            await Expect(laptop.Page.GetByRole(AriaRole.Button, new() { Name = "Sign in with a passkey" })).ToBeVisibleAsync();
            await alice.Page.GotoAsync("/");
        }
        await Expect(bob.Page.GetByTestId("notice").Filter(new() { HasText = "keys changed (device removed)" })).ToBeVisibleAsync(new() { Timeout = 30_000 });
        Assert.Equal(first, await SafetyNumberAsync(bob));
        Assert.Equal(401, await laptop.Page.EvaluateAsync<int>("() => fetch('/api/chats').then(r => r.status)"));
    }

    async Task<Person> SignUpAsync(string name)
    {
        var person = await Person.SignUpAsync(chromium.Browser, served.App, name);
        await Expect(person.Page.Locator("html[data-mls-ready='true']")).ToHaveCountAsync(1, new() { Timeout = 30_000 });
        return person;
    }

    /// <summary>Opens the open private chat's safety numbers and reads the one contact's: 12 groups of 5 digits.</summary>
    static async Task<string> SafetyNumberAsync(Person person)
    {
        await person.Page.GetByRole(AriaRole.Button, new() { Name = "Safety numbers" }).ClickAsync();
        var number = person.Page.GetByTestId("safety-number");
        await Expect(number).ToHaveTextAsync(SafetyNumber(), new() { Timeout = 30_000 });
        var text = await number.InnerTextAsync();
        await person.Page.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Button, new() { Name = "Close" }).ClickAsync();
        return text.Trim();
    }

    [GeneratedRegex(@"^\s*\d{5}( \d{5}){11}\s*$")]
    private static partial Regex SafetyNumber();
}
