using Microsoft.Playwright;
using OpenChat.Chain.Browser.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace OpenChat.Chain.Browser.Tests.Auth;

/// <summary>Signing out forgets the first user entirely: the next person in the same tab sees nothing of theirs.</summary>
public sealed class SignOutTests(Chromium chromium, ServedAppFixture served) : IClassFixture<ServedAppFixture>
{
    [Fact]
    public async Task SignOut_ThenAnotherUserInTheSameTab_SeesNoneOfTheFirstUsersChatsMessagesOrDrafts()
    {
        await using var alice = await Person.SignUpAsync(chromium.Browser, served.App, "Alice");
        await using var bob = await Person.SignUpAsync(chromium.Browser, served.App, "Bob");
        await alice.StartDirectChatAsync(bob);
        var alicesChat = new Uri(alice.Page.Url).AbsolutePath;
        await alice.SendAsync("For Alice's eyes only");
        await alice.Composer.FillAsync("An unsent draft of Alice's");

        await alice.Page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await Expect(alice.Page.GetByRole(AriaRole.Heading, new() { Name = "Welcome back" })).ToBeVisibleAsync();
        // Carol signs up in the same tab (same page, same JavaScript heap, same authenticator).
        var carol = new Person(alice.Context, alice.Page, "Carol", $"carol_{Guid.NewGuid():N}"[..20]);
        await carol.SignUpAsync();

        await Expect(carol.Page.GetByText("Pick a chat")).ToBeVisibleAsync();
        await Expect(carol.Page.Locator(".chat-item")).ToHaveCountAsync(0);
        await Expect(carol.Page.Locator("body")).Not.ToContainTextAsync("For Alice's eyes only");
        Assert.False(await HoldsTextAsync(carol.Page, "An unsent draft"), "Alice's draft is still in a field");

        // Alice's chat, opened by address, shows none of its messages to Carol.
        await carol.Page.GotoAsync(alicesChat);
        await Expect(carol.Page.GetByText($"@{carol.Handle}")).ToBeVisibleAsync();
        await Expect(carol.Page.Locator("body")).Not.ToContainTextAsync("For Alice's eyes only");

        // Bob writes to Alice, then to Carol: Carol's page hears Bob's second message live, and so would have heard
        // the first by then if any of Alice's chats or connections were still alive in it.
        await carol.Page.GotoAsync("/");
        await bob.Page.Locator(".chat-item").Filter(new() { HasText = alice.DisplayName }).ClickAsync();
        await bob.SendAsync("Alice, are you still there?");
        await bob.StartDirectChatAsync(carol);
        await bob.SendAsync("Hello Carol");
        var fromBob = carol.Page.Locator(".chat-item").Filter(new() { HasText = bob.DisplayName });
        await Expect(fromBob).ToContainTextAsync("Hello Carol");
        await Expect(carol.Page.Locator(".chat-item")).ToHaveCountAsync(1);
        await Expect(carol.Page.Locator("body")).Not.ToContainTextAsync("Alice, are you still there?");
        await carol.ScreenshotAsync("sign-out-next-user");
    }

    [Fact]
    public async Task AnAnswerForTheFirstUser_ArrivingAfterTheSwitch_IsDropped()
    {
        await using var alice = await Person.SignUpAsync(chromium.Browser, served.App, "Alice");
        await using var bob = await Person.SignUpAsync(chromium.Browser, served.App, "Bob");
        await alice.StartDirectChatAsync(bob);
        await alice.SendAsync("Only for Alice");

        // The next chat list Alice's page asks for is read with her session but held back until Carol is signed in.
        var held = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var delivered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var first = 1;
        await alice.Page.RouteAsync("**/api/chats", async route =>
        {
            if (route.Request.Method != "GET" || Interlocked.Exchange(ref first, 0) == 0) { await route.ContinueAsync(); return; }
            var alicesList = await route.FetchAsync();
            held.SetResult();
            await release.Task;
            await route.FulfillAsync(new() { Response = alicesList });
            delivered.SetResult();
        });
        await alice.Page.ReloadAsync();
        await held.Task.WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);

        await alice.Page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await Expect(alice.Page.GetByRole(AriaRole.Heading, new() { Name = "Welcome back" })).ToBeVisibleAsync();
        // Carol's page reads her list twice (on entering, and once the hub has caught up); the held answer comes after both.
        var carolsLists = 0;
        var carolsListsRead = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        alice.Page.RequestFinished += (_, request) =>
        {
            if (request.Method == "GET" && request.Url.EndsWith("/api/chats", StringComparison.Ordinal) && !delivered.Task.IsCompleted
                && Interlocked.Increment(ref carolsLists) == 2) carolsListsRead.TrySetResult();
        };
        var carol = new Person(alice.Context, alice.Page, "Carol", $"carol_{Guid.NewGuid():N}"[..20]);
        await carol.SignUpAsync();
        await Expect(carol.Page.GetByText("Pick a chat")).ToBeVisibleAsync();
        await carolsListsRead.Task.WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);

        release.SetResult();
        await delivered.Task.WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);
        // A round trip made after the held answer was delivered: by its end the page has handled that answer.
        await carol.Page.EvaluateAsync("() => fetch('/api/me').then(r => r.json()).then(() => new Promise(r => requestAnimationFrame(() => r(null))))");
        await Expect(carol.Page.Locator(".chat-item")).ToHaveCountAsync(0);
        await Expect(carol.Page.Locator("body")).Not.ToContainTextAsync(bob.DisplayName);
    }

    static Task<bool> HoldsTextAsync(IPage page, string text) =>
        page.EvaluateAsync<bool>("t => [...document.querySelectorAll('input, textarea')].some(e => e.value.includes(t))", text);
}
