using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.Mvc.Testing.Handlers;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OpenChat.Chain.Api.Auth;
using OpenChat.Chain.Tests.Support;
using OpenChat.Chain.Identity;

namespace OpenChat.Chain.Api.Tests.Auth;

/// <summary>A user made through the real passkey ceremony, and a client carrying their bearer token.</summary>
public sealed record SignedInUser(Guid Id, string Handle, HttpClient Http, string Token);

/// <summary>Signing users in for tests: the real sign-up over HTTP, with a <see cref="SoftwareAuthenticator"/>.</summary>
public static class TestSignIn
{
    static int _addresses;

    static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>
    /// Signs up <paramref name="handle"/> with a new passkey (two requests) and returns a client that sends its
    /// bearer token. Each user's requests come from an address of their own, so the per-IP sign-in limit never
    /// trips across a test class's users.
    /// </summary>
    public static async Task<SignedInUser> SignUpAsync(this WebApplicationFactory<Program> api, string handle, string? displayName = null)
    {
        var http = api.CreateClientFromNewAddress();
        var authenticator = new SoftwareAuthenticator(api.Services.GetRequiredService<IOptions<PasskeyOptions>>().Value.EffectiveOrigins[0]);
        var (session, _) = await http.SignUpWithPasskeyAsync(authenticator, handle, displayName ?? handle);
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", session.Token);
        return new SignedInUser(session.User.Id, session.User.Handle, http, session.Token);
    }

    /// <summary>A client whose requests come from a client IP of its own (10.x.y.z), optionally keeping cookies.</summary>
    public static HttpClient CreateClientFromNewAddress(this WebApplicationFactory<Program> api, bool cookies = false)
    {
        var n = Interlocked.Increment(ref _addresses);
        var address = new IPAddress([10, (byte)(n >> 16), (byte)(n >> 8), (byte)n]);
        HttpMessageHandler handler = api.Server.CreateHandler(http => http.Connection.RemoteIpAddress = address);
        if (cookies) handler = new CookieContainerHandler { InnerHandler = handler };
        return new HttpClient(handler) { BaseAddress = api.Server.BaseAddress };
    }

    /// <summary>Sign-up: options, create(), complete. Fails the test on anything but 201.</summary>
    public static async Task<(SessionView Session, SoftwareAuthenticator.Credential Credential)> SignUpWithPasskeyAsync(
        this HttpClient http, SoftwareAuthenticator authenticator, string handle, string displayName)
    {
        var (ceremonyId, options) = await http.PostForOptionsAsync("/api/auth/passkeys/sign-up/options", new { handle, displayName });
        var (credentialJson, credential) = authenticator.Create(options);
        var response = await http.PostAsJsonAsync("/api/auth/passkeys/sign-up", Answer(ceremonyId, credentialJson), Ct);
        await EnsureStatusAsync(response, HttpStatusCode.Created);
        return ((await response.Content.ReadFromJsonAsync<SessionView>(Ct))!, credential);
    }

    /// <summary>POSTs to an options endpoint and returns the ceremony id and the WebAuthn options.</summary>
    public static async Task<(string CeremonyId, JsonElement Options)> PostForOptionsAsync(this HttpClient http, string path, object? body = null)
    {
        var response = await http.PostAsJsonAsync(path, body ?? new { }, Ct);
        await EnsureStatusAsync(response, HttpStatusCode.OK);
        var json = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
        return (json.GetProperty("ceremonyId").GetString()!, json.GetProperty("options").Clone());
    }

    /// <summary>The body of a complete step: { ceremonyId, credential }.</summary>
    public static JsonObject Answer(string ceremonyId, JsonObject credential) =>
        new() { ["ceremonyId"] = ceremonyId, ["credential"] = credential.DeepClone() };

    static async Task EnsureStatusAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        if (response.StatusCode != expected)
            throw new InvalidOperationException(
                $"{response.RequestMessage?.RequestUri?.AbsolutePath}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(Ct)}");
    }
}
