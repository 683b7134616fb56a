using System.Net.Http.Headers;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OpenChat.Chain.Api.Auth;
using OpenChat.Chain.Api.Tests.Auth;
using OpenChat.Chain.Api.Tests.Support;
using OpenChat.Chain.Identity;
using OpenChat.Chain.Payments.Rewards;
using OpenChat.Chain.Tests.Support;

namespace OpenChat.Chain.Api.Tests.Rewards;

/// <summary>Rewards over HTTP: a real passkey sign-up (optionally with an invite code and a device id), and waiting for a reward.</summary>
public static class RewardsApi
{
    static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>The passkey sign-up as the web client does it, from an IP address of its own; fails the test on anything but 201.</summary>
    public static async Task<TestUser> SignUpAsync(this ApiFactory api, string name, string? inviteCode = null, string? deviceId = null)
    {
        var response = await api.TrySignUpAsync(name, inviteCode, deviceId);
        Assert.True(response.Http.StatusCode == System.Net.HttpStatusCode.Created, await response.Http.Content.ReadAsStringAsync(Ct));
        var session = (await response.Http.Content.ReadFromJsonAsync<SessionView>(Ct))!;
        response.Client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", session.Token);
        response.Client.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        return new TestUser(session.User.Id, session.User.Handle, response.Client, api);
    }

    public static async Task<(HttpResponseMessage Http, HttpClient Client)> TrySignUpAsync(this ApiFactory api, string name, string? inviteCode = null,
        string? deviceId = null)
    {
        var http = api.CreateClientFromNewAddress();
        var handle = $"{name}_{Guid.NewGuid():N}"[..20];
        var authenticator = new SoftwareAuthenticator(api.Services.GetRequiredService<IOptions<PasskeyOptions>>().Value.EffectiveOrigins[0]);
        var (ceremonyId, options) = await http.PostForOptionsAsync("/api/auth/passkeys/sign-up/options", new { handle, displayName = name });
        var (credential, _) = authenticator.Create(options);
        var body = TestSignIn.Answer(ceremonyId, credential);
        if (inviteCode is not null) body["inviteCode"] = inviteCode;
        if (deviceId is not null) body["deviceId"] = deviceId;
        return (await http.PostAsJsonAsync("/api/auth/passkeys/sign-up", body, Ct), http);
    }

    public static async Task<RewardsView> RewardsAsync(this TestUser user) =>
        (await user.Http.GetFromJsonAsync<RewardsView>("/api/rewards", ChatApi.Json, Ct))!;

    public static async Task<InviteView> InviteAsync(this TestUser user)
    {
        var response = await user.Http.PostAsync("/api/invites", null, Ct);
        return await ChatApi.Read<InviteView>(response);
    }

    /// <summary>Polls GET /api/rewards until <paramref name="done"/> holds (the keeper pays through the chain).</summary>
    public static async Task<RewardsView> WaitForRewardsAsync(this TestUser user, Func<RewardsView, bool> done, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (true)
        {
            var view = await user.RewardsAsync();
            if (done(view)) return view;
            if (DateTime.UtcNow > deadline)
                Assert.Fail($"{user.Handle}: {what}; welcome {view.Welcome?.Status} ({view.Welcome?.Reason}), invites {string.Join(", ", view.Invites.Select(i => $"{i.Status} {i.Reason}"))}");
            await Task.Delay(250, Ct);
        }
    }
}
