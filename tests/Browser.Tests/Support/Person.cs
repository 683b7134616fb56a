using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace OpenChat.Chain.Browser.Tests.Support;

/// <summary>Someone using the app: their own browser context (cookies) and page, with a virtual passkey authenticator.</summary>
public sealed class Person(IBrowserContext context, IPage page, string name, string handle) : IAsyncDisposable
{
    public static readonly ViewportSize Desktop = new() { Width = 1280, Height = 800 };
    public static readonly ViewportSize Phone = new() { Width = 390, Height = 844 };

    public IBrowserContext Context { get; } = context;
    public IPage Page { get; } = page;
    public string Name { get; } = name;
    public string Handle { get; } = handle;
    public string DisplayName => $"{Name} Example";

    /// <summary>The page's virtual authenticator (CDP session and id): its passkeys can be copied to another browser.</summary>
    (ICDPSession Cdp, string Id)? Authenticator { get; init; }

    /// <summary>
    /// The same person on a second browser (a new device): a fresh context whose authenticator holds a copy of this
    /// person's passkeys, as a synced passkey would, signed in with them.
    /// </summary>
    public async Task<Person> SignInOnNewDeviceAsync(IBrowser browser, ServedApp app)
    {
        var other = await OpenAsync(browser, app, Name);
        foreach (var credential in await PasskeysAsync()) await other.StorePasskeyAsync(credential);
        await other.Page.GetByRole(AriaRole.Button, new() { Name = "Sign in with a passkey" }).ClickAsync();
        await Expect(other.Page.GetByText($"@{Handle}")).ToBeVisibleAsync();
        return new Person(other.Context, other.Page, Name, Handle) { Authenticator = other.Authenticator };
    }

    /// <summary>This device's link code (Wallet → Devices, 12 digits): what another device of the same person types to add it.</summary>
    public async Task<string> DeviceCodeAsync()
    {
        if (await Page.GetByTestId("device-code").CountAsync() == 0)
            await Page.GetByRole(AriaRole.Link, new() { Name = "Wallet" }).ClickAsync();
        var code = Page.GetByTestId("device-code");
        await Expect(code).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(@"^\s*\d{4} \d{4} \d{4}\s*$"));
        return (await code.InnerTextAsync()).Trim();
    }

    /// <summary>On this device, Wallet → Devices: types the code a new device shows, and waits until it is in the one private chat.</summary>
    public async Task AddDeviceAsync(string code)
    {
        await Page.GetByRole(AriaRole.Link, new() { Name = "Wallet" }).ClickAsync();
        await Page.GetByLabel("Code shown on your new device").FillAsync(code);
        await Page.GetByRole(AriaRole.Button, new() { Name = "Add to private chats" }).ClickAsync();
        await Expect(Page.GetByTestId("private-devices-status")).ToContainTextAsync("Added to 1 private chat");
    }

    /// <summary>A new context and page on the app's sign-in screen, with an authenticator ready for passkey prompts.</summary>
    public static async Task<Person> OpenAsync(
        IBrowser browser, ServedApp app, string name, ViewportSize? viewport = null, Func<IPage, Task>? beforeOpening = null)
    {
        var context = await browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = app.BaseUrl, ViewportSize = viewport ?? Desktop });
        context.SetDefaultTimeout(15_000);
        context.SetDefaultNavigationTimeout(30_000);
        var page = await context.NewPageAsync();
        var authenticator = await AddAuthenticatorAsync(page);
        if (beforeOpening is not null) await beforeOpening(page);
        await page.GotoAsync("/");
        var handle = $"{name.ToLowerInvariant()}_{Guid.NewGuid():N}"[..20];
        return new Person(context, page, name, handle) { Authenticator = authenticator };
    }

    /// <summary>Opens the app and signs up with a new passkey, ending on the chat list.</summary>
    public static async Task<Person> SignUpAsync(IBrowser browser, ServedApp app, string name, ViewportSize? viewport = null)
    {
        var person = await OpenAsync(browser, app, name, viewport);
        await person.SignUpAsync();
        return person;
    }

    public async Task SignUpAsync()
    {
        await Page.GetByRole(AriaRole.Button, new() { Name = "Create an account" }).ClickAsync();
        await Page.GetByLabel("Username").FillAsync(Handle);
        await Page.GetByLabel("Your name").FillAsync(DisplayName);
        await Page.GetByRole(AriaRole.Button, new() { Name = "Create account with a passkey" }).ClickAsync();
        await Expect(Page.GetByText($"@{Handle}")).ToBeVisibleAsync();
    }

    /// <summary>The passkeys in this page's authenticator, as CDP describes them (credentialId, privateKey, …).</summary>
    public async Task<System.Text.Json.JsonElement[]> PasskeysAsync()
    {
        var found = await Authenticator!.Value.Cdp.SendAsync("WebAuthn.getCredentials", new Dictionary<string, object> { ["authenticatorId"] = Authenticator.Value.Id });
        return found!.Value.GetProperty("credentials").EnumerateArray().Select(c => c.Clone()).ToArray();
    }

    public Task StorePasskeyAsync(System.Text.Json.JsonElement credential) =>
        Authenticator!.Value.Cdp.SendAsync("WebAuthn.addCredential", new Dictionary<string, object> { ["authenticatorId"] = Authenticator.Value.Id, ["credential"] = credential });

    public Task ForgetPasskeyAsync(string credentialId) =>
        Authenticator!.Value.Cdp.SendAsync("WebAuthn.removeCredential", new Dictionary<string, object> { ["authenticatorId"] = Authenticator.Value.Id, ["credentialId"] = credentialId });

    /// <summary>"New" → the other person's handle → their direct chat opens.</summary>
    public Task StartDirectChatAsync(Person other) => OpenDirectChatAsync(other, isPrivate: false);

    /// <summary>"New" → "Private chat" ticked → the other person: the end-to-end encrypted direct chat opens, marked private.</summary>
    public async Task StartPrivateChatAsync(Person other)
    {
        await OpenDirectChatAsync(other, isPrivate: true);
        await Expect(Page.GetByTestId("private-mark")).ToBeVisibleAsync();
    }

    async Task OpenDirectChatAsync(Person other, bool isPrivate)
    {
        await Page.GetByRole(AriaRole.Button, new() { Name = "New", Exact = true }).ClickAsync();
        if (isPrivate) await Page.GetByLabel("Private chat").CheckAsync();
        await Page.GetByPlaceholder("Search by username or name").FillAsync(other.Handle);
        await Page.Locator($"[data-handle='{other.Handle}']").ClickAsync();
        await Expect(Page.GetByRole(AriaRole.Heading, new() { Name = other.DisplayName })).ToBeVisibleAsync();
    }

    /// <summary>"New" → "New group" → title and members → the group opens.</summary>
    public async Task<string> CreateGroupAsync(string title, params Person[] members)
    {
        await Page.GetByRole(AriaRole.Button, new() { Name = "New", Exact = true }).ClickAsync();
        await Page.GetByRole(AriaRole.Tab, new() { Name = "New group" }).ClickAsync();
        await Page.GetByLabel("Group name").FillAsync(title);
        foreach (var member in members)
        {
            await Page.GetByPlaceholder("Search by username or name").FillAsync(member.Handle);
            await Page.Locator($"[data-handle='{member.Handle}']").ClickAsync();
            await Expect(Page.Locator(".chip").Filter(new() { HasText = member.DisplayName })).ToBeVisibleAsync();
        }
        await Page.GetByRole(AriaRole.Button, new() { Name = "Create group" }).ClickAsync();
        await Expect(Page.GetByRole(AriaRole.Heading, new() { Name = title })).ToBeVisibleAsync();
        return new Uri(Page.Url).AbsolutePath.Split('/').Last();
    }

    /// <summary>The person's wallet address, as the API tells their page.</summary>
    public Task<string> AddressAsync() =>
        Page.EvaluateAsync<string>("() => fetch('/api/wallet').then(r => r.json()).then(w => w.address)");

    /// <summary>Confirms the payment sheet with the page's passkey: the exact terms are shown first.</summary>
    public async Task ConfirmPaymentAsync(params string[] terms)
    {
        var sheet = Page.GetByTestId("confirm-sheet");
        await Expect(sheet).ToBeVisibleAsync();
        foreach (var term in terms) await Expect(sheet).ToContainTextAsync(term);
        await sheet.GetByRole(AriaRole.Button, new() { Name = "Confirm with passkey" }).ClickAsync();
        await Expect(sheet).ToHaveCountAsync(0, new() { Timeout = 30_000 });
    }

    public ILocator Composer => Page.GetByRole(AriaRole.Textbox, new() { Name = "Message", Exact = true });

    public async Task SendAsync(string text)
    {
        await Composer.FillAsync(text);
        await Composer.PressAsync("Enter");
        await Expect(Page.Locator(".row.mine:not(.pending)").Filter(new() { HasText = text })).ToBeVisibleAsync();
    }

    public ILocator Message(string text) => Page.Locator(".row").Filter(new() { HasText = text });

    public Task ScreenshotAsync(string name) => Page.ScreenshotAsync(new PageScreenshotOptions { Path = Screenshots.PathFor(name) });

    /// <summary>
    /// WebAuthn through CDP: a platform authenticator with resident keys that verifies the user and answers at once.
    /// It belongs to this page; without it navigator.credentials.create() would never settle.
    /// </summary>
    static async Task<(ICDPSession, string)> AddAuthenticatorAsync(IPage page)
    {
        var cdp = await page.Context.NewCDPSessionAsync(page);
        await cdp.SendAsync("WebAuthn.enable");
        var added = await cdp.SendAsync("WebAuthn.addVirtualAuthenticator", new Dictionary<string, object>
        {
            ["options"] = new Dictionary<string, object>
            {
                ["protocol"] = "ctap2",
                ["transport"] = "internal",
                ["hasResidentKey"] = true,
                ["hasUserVerification"] = true,
                ["isUserVerified"] = true,
                ["automaticPresenceSimulation"] = true,
            },
        });
        return (cdp, added!.Value.GetProperty("authenticatorId").GetString()!);
    }

    public async ValueTask DisposeAsync() => await Context.CloseAsync();
}

/// <summary>Screenshots of the main screens, kept as test artifacts in artifacts/screenshots (git-ignored).</summary>
public static class Screenshots
{
    public static string Directory { get; } = Create();

    public static string PathFor(string name) => Path.Combine(Directory, $"{name}.png");

    static string Create()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "OpenChat.Chain.sln"))) dir = dir.Parent;
        var path = Path.Combine(dir?.FullName ?? AppContext.BaseDirectory, "artifacts", "screenshots");
        System.IO.Directory.CreateDirectory(path);
        return path;
    }
}
