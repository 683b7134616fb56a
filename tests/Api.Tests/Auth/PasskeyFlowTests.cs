using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using OpenChat.Chain.Api.Auth;
using OpenChat.Chain.Tests.Support;
using OpenChat.Chain.Messaging.Users;
using OpenChat.Chain.Identity;

namespace OpenChat.Chain.Api.Tests.Auth;

/// <summary>The real WebAuthn ceremonies over HTTP against a software authenticator.</summary>
public sealed class PasskeyFlowTests(AuthApi auth) : IClassFixture<AuthApi>
{
    static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task SignUp_ThenSignIn_SignsInTheSameUser()
    {
        var http = auth.Api.CreateClientFromNewAddress();
        var device = new SoftwareAuthenticator(AuthApi.Origin);

        var (signedUp, credential) = await http.SignUpWithPasskeyAsync(device, "Ada_Passkey", "Ada Lovelace");
        var signedIn = await SignInAsync(device, credential);

        Assert.Equal("ada_passkey", signedUp.User.Handle);
        Assert.Equal("Ada Lovelace", signedUp.User.DisplayName);
        Assert.Equal(signedUp.User.Id, signedIn.User.Id);
        Assert.NotEqual(signedUp.Token, signedIn.Token);
        Assert.Equal(signedUp.User.Id, (await MeAsync(signedIn.Token))!.Id);
        var stored = await auth.Identity(db => Task.FromResult(db.Passkeys.Single(p => p.UserId == signedUp.User.Id)));
        Assert.Equal(1u, stored.SignCount);
        Assert.NotNull(stored.LastUsedAt);
    }

    [Fact]
    public async Task SignUp_Options_RequireUserVerificationAndADiscoverableKey()
    {
        var http = auth.Api.CreateClientFromNewAddress();

        var (_, options) = await http.PostForOptionsAsync("/api/auth/passkeys/sign-up/options", new { handle = "grace_options", displayName = "Grace" });

        Assert.Equal(AuthApi.RpId, options.GetProperty("rp").GetProperty("id").GetString());
        Assert.Equal("required", options.GetProperty("authenticatorSelection").GetProperty("userVerification").GetString());
        Assert.Equal("required", options.GetProperty("authenticatorSelection").GetProperty("residentKey").GetString());
        Assert.True(options.GetProperty("challenge").GetString()!.Length >= 22, "a challenge of at least 16 bytes");
    }

    [Fact]
    public async Task AddPasskey_WhenSignedIn_TheSecondDeviceSignsInToTheSameAccount()
    {
        var http = auth.Api.CreateClientFromNewAddress();
        var laptop = new SoftwareAuthenticator(AuthApi.Origin);
        var phone = new SoftwareAuthenticator(AuthApi.Origin);
        var (session, first) = await http.SignUpWithPasskeyAsync(laptop, "two_devices", "Two Devices");
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", session.Token);

        // Adding a device is confirmed with an existing one: the laptop's assertion over "add a passkey named Phone".
        var review = await http.PostAsJsonAsync("/api/confirmations", new { kind = "PasskeyAdd", name = "Phone" }, Ct);
        var reviewed = await review.Content.ReadFromJsonAsync<JsonElement>(Ct);
        var confirmation = TestSignIn.Answer(reviewed.GetProperty("ceremonyId").GetString()!, laptop.Get(reviewed.GetProperty("options"), first));
        var (ceremonyId, options) = await http.PostForOptionsAsync("/api/auth/passkeys/options", new { name = "Phone", confirmation });
        var (credentialJson, second) = phone.Create(options);
        var added = await http.PostAsJsonAsync("/api/auth/passkeys", TestSignIn.Answer(ceremonyId, credentialJson), Ct);

        Assert.Equal(HttpStatusCode.Created, added.StatusCode);
        // WebAuthn §5.4.3: the same user.id for every passkey of the account; the first device is excluded.
        Assert.Equal(first.UserHandle, second.UserHandle);
        Assert.Contains(options.GetProperty("excludeCredentials").EnumerateArray(), d => d.GetProperty("id").GetString() == first.IdText);
        var passkeys = await http.GetFromJsonAsync<PasskeyView[]>("/api/auth/passkeys", Ct);
        Assert.Equal(new[] { first.IdText, second.IdText }.Order(), passkeys!.Select(p => p.Id).Order());

        var fromPhone = await SignInAsync(phone, second);
        Assert.Equal(session.User.Id, fromPhone.User.Id);
        Assert.Equal(session.User.Id, (await MeAsync(fromPhone.Token))!.Id); // the phone's session is in use (and cached)

        // The phone is lost: removed from the laptop (confirmed with the laptop's passkey), its session ends with it.
        var removal = await http.PostAsJsonAsync("/api/confirmations", new { kind = "PasskeyRemove", passkeyId = second.IdText }, Ct);
        var removalJson = await removal.Content.ReadFromJsonAsync<JsonElement>(Ct);
        var removeConfirmation = TestSignIn.Answer(removalJson.GetProperty("ceremonyId").GetString()!, laptop.Get(removalJson.GetProperty("options"), first));
        var removed = await http.SendAsync(new HttpRequestMessage(HttpMethod.Delete, $"/api/auth/passkeys/{second.IdText}")
        {
            Content = JsonContent.Create(new { confirmation = removeConfirmation }),
        }, Ct);
        Assert.Equal(HttpStatusCode.OK, removed.StatusCode);
        Assert.Null(await MeAsync(fromPhone.Token));
        Assert.Equal(session.User.Id, (await MeAsync(session.Token))!.Id);
        Assert.Equal(HttpStatusCode.Forbidden, (await TrySignInAsync(phone, second)).StatusCode);
    }

    [Fact]
    public async Task AddPasskey_WithoutSession_Returns401()
    {
        var http = auth.Api.CreateClientFromNewAddress();

        var response = await http.PostAsJsonAsync("/api/auth/passkeys/options", new { }, Ct);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task SignIn_WithReplayedChallenge_Returns403()
    {
        var http = auth.Api.CreateClientFromNewAddress();
        var device = new SoftwareAuthenticator(AuthApi.Origin);
        var (_, credential) = await http.SignUpWithPasskeyAsync(device, "replayed", "Replayed");
        var (ceremonyId, options) = await http.PostForOptionsAsync("/api/auth/passkeys/sign-in/options");
        var answer = TestSignIn.Answer(ceremonyId, device.Get(options, credential));
        var first = await http.PostAsJsonAsync("/api/auth/passkeys/sign-in", answer, Ct);

        var replayed = await http.PostAsJsonAsync("/api/auth/passkeys/sign-in", answer, Ct);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        await AssertProblemAsync(replayed, HttpStatusCode.Forbidden, "auth.challenge_expired");
    }

    [Fact]
    public async Task SignUp_WithReplayedAttestation_Returns403AndMakesNoSecondUser()
    {
        var http = auth.Api.CreateClientFromNewAddress();
        var device = new SoftwareAuthenticator(AuthApi.Origin);
        var (ceremonyId, options) = await http.PostForOptionsAsync("/api/auth/passkeys/sign-up/options", new { handle = "replayed_signup", displayName = "R" });
        var answer = TestSignIn.Answer(ceremonyId, device.Create(options).Response);
        var first = await http.PostAsJsonAsync("/api/auth/passkeys/sign-up", answer, Ct);

        var replayed = await http.PostAsJsonAsync("/api/auth/passkeys/sign-up", answer, Ct);

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        await AssertProblemAsync(replayed, HttpStatusCode.Forbidden, "auth.challenge_expired");
    }

    [Fact]
    public async Task SignIn_WithCounterNotAboveTheStoredOne_Returns403()
    {
        var http = auth.Api.CreateClientFromNewAddress();
        var device = new SoftwareAuthenticator(AuthApi.Origin);
        var (_, credential) = await http.SignUpWithPasskeyAsync(device, "cloned_key", "Cloned");
        await SignInAsync(device, credential, signCount: 5);

        var backwards = await TrySignInAsync(device, credential, signCount: 3);
        var repeated = await TrySignInAsync(device, credential, signCount: 5);
        var toZero = await TrySignInAsync(device, credential, signCount: 0);
        var forwards = await TrySignInAsync(device, credential, signCount: 6);

        await AssertProblemAsync(backwards, HttpStatusCode.Forbidden, "auth.passkey_counter");
        await AssertProblemAsync(repeated, HttpStatusCode.Forbidden, "auth.passkey_counter");
        await AssertProblemAsync(toZero, HttpStatusCode.Forbidden, "auth.passkey_counter");
        Assert.Equal(HttpStatusCode.OK, forwards.StatusCode);
    }

    [Fact]
    public async Task SignIn_FromAnotherOrigin_Returns403()
    {
        var http = auth.Api.CreateClientFromNewAddress();
        var device = new SoftwareAuthenticator(AuthApi.Origin);
        var (_, credential) = await http.SignUpWithPasskeyAsync(device, "phished", "Phished");

        device.Origin = "https://chat.test.evil.example";
        var response = await TrySignInAsync(device, credential);

        await AssertProblemAsync(response, HttpStatusCode.Forbidden, "auth.passkey_rejected");
    }

    [Fact]
    public async Task SignUp_FromAnotherOrigin_Returns403AndStoresNothing()
    {
        var http = auth.Api.CreateClientFromNewAddress();
        var device = new SoftwareAuthenticator("http://localhost:5080");
        var (ceremonyId, options) = await http.PostForOptionsAsync("/api/auth/passkeys/sign-up/options", new { handle = "wrong_origin", displayName = "W" });

        var response = await http.PostAsJsonAsync("/api/auth/passkeys/sign-up", TestSignIn.Answer(ceremonyId, device.Create(options).Response), Ct);

        await AssertProblemAsync(response, HttpStatusCode.Forbidden, "auth.passkey_rejected");
        Assert.False(await auth.Messaging(db => Task.FromResult(db.Users.Any(u => u.Handle == "wrong_origin"))));
    }

    [Fact]
    public async Task SignIn_WithoutUserVerification_Returns403()
    {
        var http = auth.Api.CreateClientFromNewAddress();
        var device = new SoftwareAuthenticator(AuthApi.Origin);
        var (_, credential) = await http.SignUpWithPasskeyAsync(device, "no_uv", "No UV");

        var response = await TrySignInAsync(device, credential, flags: SoftwareAuthenticator.UserPresent);

        await AssertProblemAsync(response, HttpStatusCode.Forbidden, "auth.passkey_rejected");
    }

    [Fact]
    public async Task SignIn_WithUnknownPasskey_Returns403()
    {
        var http = auth.Api.CreateClientFromNewAddress();
        var device = new SoftwareAuthenticator(AuthApi.Origin);
        var (_, options) = await http.PostForOptionsAsync("/api/auth/passkeys/sign-up/options", new { handle = "never_finished", displayName = "N" });
        var (_, unregistered) = device.Create(options);

        var response = await TrySignInAsync(device, unregistered);

        await AssertProblemAsync(response, HttpStatusCode.Forbidden, "auth.passkey_unknown");
    }

    [Fact]
    public async Task SignUp_WithTakenHandle_Returns409BeforeAnyKeyIsMade()
    {
        await auth.Api.SignUpAsync("taken_name");
        var http = auth.Api.CreateClientFromNewAddress();

        var response = await http.PostAsJsonAsync("/api/auth/passkeys/sign-up/options", new { handle = "Taken_Name", displayName = "Other" }, Ct);

        await AssertProblemAsync(response, HttpStatusCode.Conflict, "user.handle_taken");
    }

    [Fact]
    public async Task SignOut_RevokesTheBearerTokenAndTheCookie()
    {
        var browser = auth.Api.CreateClientFromNewAddress(cookies: true);
        var device = new SoftwareAuthenticator(AuthApi.Origin);
        var (ceremonyId, options) = await browser.PostForOptionsAsync("/api/auth/passkeys/sign-up/options", new { handle = "signs_out", displayName = "Leaving" });
        var signUp = await browser.PostAsJsonAsync("/api/auth/passkeys/sign-up", TestSignIn.Answer(ceremonyId, device.Create(options).Response), Ct);
        var session = (await signUp.Content.ReadFromJsonAsync<SessionView>(Ct))!;
        var cookie = Assert.Single(signUp.Headers.GetValues("Set-Cookie"));
        Assert.StartsWith($"{SessionDefaults.CookieName}={session.Token};", cookie);
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/api/me", Ct)).StatusCode);
        Assert.NotNull(await MeAsync(session.Token));

        using var signOut = new HttpRequestMessage(HttpMethod.Post, "/api/auth/sign-out");
        signOut.Headers.Authorization = new AuthenticationHeaderValue("Bearer", session.Token);
        var signedOut = await auth.Api.CreateClientFromNewAddress().SendAsync(signOut, Ct);

        Assert.Equal(HttpStatusCode.NoContent, signedOut.StatusCode);
        Assert.Null(await MeAsync(session.Token));
        Assert.Equal(HttpStatusCode.Unauthorized, (await browser.GetAsync("/api/me", Ct)).StatusCode);
        Assert.False(await auth.Identity(db => Task.FromResult(db.Sessions.Any(s => s.TokenHash == Session.Hash(session.Token)))));
    }

    [Fact]
    public async Task SignOut_FromTheBrowser_ClearsTheCookie()
    {
        var browser = auth.Api.CreateClientFromNewAddress(cookies: true);
        await browser.SignUpWithPasskeyAsync(new SoftwareAuthenticator(AuthApi.Origin), "browser_out", "Browser");

        var signedOut = await browser.PostAsync("/api/auth/sign-out", null, Ct);

        Assert.Equal(HttpStatusCode.NoContent, signedOut.StatusCode);
        Assert.Contains(signedOut.Headers.GetValues("Set-Cookie"), c => c.StartsWith($"{SessionDefaults.CookieName}=;", StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.Unauthorized, (await browser.GetAsync("/api/me", Ct)).StatusCode);
    }

    [Fact]
    public async Task AccessTokenQuery_OutsideHubPaths_IsNotAccepted()
    {
        var user = await auth.Api.SignUpAsync("query_token");
        var anonymous = auth.Api.CreateClientFromNewAddress();

        var response = await anonymous.GetAsync($"/api/me?access_token={Uri.EscapeDataString(user.Token)}", Ct);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task AccessTokenQuery_OnTheHub_SignsIn()
    {
        var user = await auth.Api.SignUpAsync("hub_token");
        var anonymous = auth.Api.CreateClientFromNewAddress();

        // What a browser's SignalR client sends when it cannot set headers (WebSockets, server-sent events).
        var negotiated = await anonymous.PostAsync($"/hubs/chat/negotiate?negotiateVersion=1&access_token={Uri.EscapeDataString(user.Token)}", null, Ct);
        var refused = await anonymous.PostAsync("/hubs/chat/negotiate?negotiateVersion=1&access_token=not-a-session-token", null, Ct);

        Assert.Equal(HttpStatusCode.OK, negotiated.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
    }

    [Fact]
    public async Task UnknownBearerToken_Returns401WithProblemDetails()
    {
        var response = await MeResponseAsync("not-a-session-token");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("Bearer", response.Headers.WwwAuthenticate.Single().Scheme);
    }

    async Task<SessionView> SignInAsync(SoftwareAuthenticator device, SoftwareAuthenticator.Credential credential, uint? signCount = null)
    {
        var response = await TrySignInAsync(device, credential, signCount);
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync(Ct));
        return (await response.Content.ReadFromJsonAsync<SessionView>(Ct))!;
    }

    // Each attempt from an address of its own, so the per-IP sign-in limit is not what a test measures.
    async Task<HttpResponseMessage> TrySignInAsync(SoftwareAuthenticator device, SoftwareAuthenticator.Credential credential,
        uint? signCount = null, byte flags = SoftwareAuthenticator.UserPresent | SoftwareAuthenticator.UserVerified)
    {
        var http = auth.Api.CreateClientFromNewAddress();
        var (ceremonyId, options) = await http.PostForOptionsAsync("/api/auth/passkeys/sign-in/options");
        return await http.PostAsJsonAsync("/api/auth/passkeys/sign-in", TestSignIn.Answer(ceremonyId, device.Get(options, credential, signCount, flags)), Ct);
    }

    async Task<UserView?> MeAsync(string token)
    {
        var response = await MeResponseAsync(token);
        return response.StatusCode == HttpStatusCode.OK ? await response.Content.ReadFromJsonAsync<UserView>(Ct) : null;
    }

    async Task<HttpResponseMessage> MeResponseAsync(string token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/me");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return await auth.Api.CreateClientFromNewAddress().SendAsync(request, Ct);
    }

    internal static async Task AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status, string code)
    {
        var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.True(response.StatusCode == status, $"expected {(int)status} {code}, got {(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(code, JsonDocument.Parse(body).RootElement.GetProperty("code").GetString());
    }
}
