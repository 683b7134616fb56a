using Microsoft.Playwright;
using OpenChat.Chain.Browser.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace OpenChat.Chain.Browser.Tests.Auth;

/// <summary>Sign-up and sign-in through navigator.credentials with Chromium's virtual authenticator.</summary>
public sealed class PasskeySignUpTests(Chromium chromium, ServedAppFixture served) : IClassFixture<ServedAppFixture>
{
    [Fact]
    public async Task SignUp_WithAPasskey_OpensTheApp_AndTheSamePasskeySignsInAgain()
    {
        await using var alice = await Person.OpenAsync(chromium.Browser, served.App, "Alice");
        // A first visit on this device is welcomed, not welcomed back.
        await Expect(alice.Page.GetByRole(AriaRole.Heading, new() { Name = "Welcome", Exact = true })).ToBeVisibleAsync();
        await alice.ScreenshotAsync("01-sign-in");
        await alice.Page.GetByRole(AriaRole.Button, new() { Name = "Create an account" }).ClickAsync();
        await alice.Page.GetByLabel("Username").FillAsync(alice.Handle);
        await alice.Page.GetByLabel("Your name").FillAsync(alice.DisplayName);
        await alice.ScreenshotAsync("02-sign-up");

        await alice.Page.GetByRole(AriaRole.Button, new() { Name = "Create account with a passkey" }).ClickAsync();

        await Expect(alice.Page.GetByText("Pick a chat")).ToBeVisibleAsync();
        await Expect(alice.Page.GetByText($"@{alice.Handle}")).ToBeVisibleAsync();

        // Sign out, then back in: no name typed, the authenticator offers its discoverable passkey.
        await alice.Page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await Expect(alice.Page.GetByRole(AriaRole.Heading, new() { Name = "Welcome back" })).ToBeVisibleAsync();
        await alice.Page.GetByRole(AriaRole.Button, new() { Name = "Sign in with a passkey" }).ClickAsync();
        await Expect(alice.Page.GetByText($"@{alice.Handle}")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task SignUp_WithATakenName_SaysSoInPlainWords()
    {
        await using var first = await Person.SignUpAsync(chromium.Browser, served.App, "Dana");
        await using var second = await Person.OpenAsync(chromium.Browser, served.App, "Dana");
        await second.Page.GetByRole(AriaRole.Button, new() { Name = "Create an account" }).ClickAsync();
        await second.Page.GetByLabel("Username").FillAsync(first.Handle);
        await second.Page.GetByRole(AriaRole.Button, new() { Name = "Create account with a passkey" }).ClickAsync();

        await Expect(second.Page.GetByRole(AriaRole.Alert)).ToContainTextAsync("That username is taken");
    }
}
