using Microsoft.Playwright;
using OpenChat.Chain.Browser.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace OpenChat.Chain.Browser.Tests.Wallet;

/// <summary>People, not addresses: the wallet names who paid and whom you paid, Send takes an @username, and a direct chat's money sheet is for the other person.</summary>
public sealed class AddressBookTests(Chromium chromium, ServedAppFixture served) : IClassFixture<ServedAppFixture>
{
    [Fact]
    public async Task Wallet_NamesPeopleAndTheService_SendTakesAnAtUsername_AndADirectChatPreselectsTheOtherPerson()
    {
        await using var alice = await Person.SignUpAsync(chromium.Browser, served.App, "Alice");
        await using var bob = await Person.SignUpAsync(chromium.Browser, served.App, "Bob");
        var chain = await TestChain.OfAsync(served.App);
        await chain.FundAsync(await alice.AddressAsync(), 100); // from the service's own account (the embedded chain's deployer)
        var bobAddress = await bob.AddressAsync();

        // In a direct chat, "Send money" is already for the other person.
        await alice.StartDirectChatAsync(bob);
        await alice.Page.GetByRole(AriaRole.Button, new() { Name = "Send money or a red envelope" }).ClickAsync();
        var dialog = alice.Page.GetByRole(AriaRole.Dialog);
        await Expect(dialog.Locator("select[name=to] option:checked")).ToHaveTextAsync(bob.DisplayName);
        await alice.ScreenshotAsync("32-chat-money-preselected");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Cancel" }).ClickAsync();

        // Wallet → Send to @bob: the contact is found as she types, and the confirmation names him.
        await alice.Page.GetByRole(AriaRole.Link, new() { Name = "Wallet" }).ClickAsync();
        await alice.Page.GetByRole(AriaRole.Button, new() { Name = "Send" }).ClickAsync();
        await Expect(dialog.Locator($"[data-handle='{bob.Handle}']")).ToBeVisibleAsync(); // a contact, before typing anything
        await dialog.GetByLabel("To", new() { Exact = true }).FillAsync($"@{bob.Handle}");
        await dialog.GetByLabel("Amount (CHAT)").FillAsync("5");
        await alice.ScreenshotAsync("31-wallet-send-to-username");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Send" }).ClickAsync();
        await Expect(alice.Page.GetByTestId("confirm-sheet")).ToContainTextAsync($"Send 5 CHAT to {bob.DisplayName}");
        await alice.ConfirmPaymentAsync("5 CHAT", bobAddress.ToLowerInvariant());
        await Expect(alice.Page.Locator(".transfer-status")).ToHaveAttributeAsync("data-status", "confirmed", new() { Timeout = 60_000 });
        await alice.Page.GetByRole(AriaRole.Button, new() { Name = "Done" }).ClickAsync();

        // The history says who: Bob, and the service that funded her; Bob's full address is one tap away.
        var sent = alice.Page.Locator(".history-item.outgoing");
        await Expect(sent).ToContainTextAsync($"To {bob.DisplayName} @{bob.Handle}");
        await Expect(alice.Page.Locator(".history-item.incoming")).ToContainTextAsync("From OpenChat (service account)", new() { Timeout = 30_000 });
        await sent.GetByTestId("who").GetByRole(AriaRole.Button).First.ClickAsync();
        await Expect(sent.Locator(".who-address")).ToContainTextAsync(bobAddress);
        await alice.ScreenshotAsync("30-wallet-history-names");

        await bob.Page.GetByRole(AriaRole.Link, new() { Name = "Wallet" }).ClickAsync();
        await Expect(bob.Page.Locator(".history-item.incoming")).ToContainTextAsync($"From {alice.DisplayName}", new() { Timeout = 30_000 });
    }
}
