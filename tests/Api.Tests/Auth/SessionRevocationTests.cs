using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OpenChat.Chain.Api.Auth;
using OpenChat.Chain.Identity;
using OpenChat.Chain.Messaging.Sync;
using OpenChat.Chain.Tests.Support;

namespace OpenChat.Chain.Api.Tests.Auth;

/// <summary>One instance: a session's end reaches its open hub connections, not only its next request.</summary>
public sealed class SessionRevocationTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task SignOut_ClosesThatSessionsHubConnection_AndNotTheUsersOtherSession()
    {
        var device = new SoftwareAuthenticator(api.Services.GetRequiredService<IOptions<PasskeyOptions>>().Value.EffectiveOrigins[0]);
        var (phone, credential) = await api.CreateClientFromNewAddress()
            .SignUpWithPasskeyAsync(device, $"closer_{Guid.NewGuid():N}"[..20], "Closer");
        var signIn = api.CreateClientFromNewAddress();
        var (ceremonyId, options) = await signIn.PostForOptionsAsync("/api/auth/passkeys/sign-in/options");
        var signedIn = await signIn.PostAsJsonAsync("/api/auth/passkeys/sign-in", TestSignIn.Answer(ceremonyId, device.Get(options, credential)), Ct);
        var laptop = (await signedIn.Content.ReadFromJsonAsync<SessionView>(Ct))!;
        await using var phoneHub = await ConnectWithToken(api, phone.Token);
        await using var laptopHub = await ConnectWithToken(api, laptop.Token);
        var closed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        phoneHub.Closed += _ => { closed.TrySetResult(); return Task.CompletedTask; };

        using var signOut = new HttpRequestMessage(HttpMethod.Post, "/api/auth/sign-out");
        signOut.Headers.Authorization = new("Bearer", phone.Token);
        Assert.Equal(HttpStatusCode.NoContent, (await api.CreateClientFromNewAddress().SendAsync(signOut, Ct)).StatusCode);

        await closed.Task.WaitAsync(TimeSpan.FromSeconds(10), Ct);
        // The laptop's session was not signed out: its connection still answers.
        Assert.Equal(HubConnectionState.Connected, laptopHub.State);
        await laptopHub.InvokeAsync<UpdatePage>("Sync", 0L, 1, Ct);
    }

    /// <summary>A hub connection signed in with a session token in the Authorization header (WebSockets, no negotiation).</summary>
    public static async Task<HubConnection> ConnectWithToken(ApiFactory instance, string token)
    {
        var server = instance.Server;
        var connection = new HubConnectionBuilder()
            .WithUrl(new Uri(server.BaseAddress, "hubs/chat"), HttpTransportType.WebSockets, o =>
            {
                o.SkipNegotiation = true;
                o.WebSocketFactory = async (context, ct) =>
                {
                    var client = server.CreateWebSocketClient();
                    client.ConfigureRequest = request => request.Headers.Authorization = $"Bearer {token}";
                    return await client.ConnectAsync(context.Uri, ct);
                };
            })
            .Build();
        await connection.StartAsync(Ct);
        return connection;
    }
}
