using System.Net.Http.Headers;
using System.Security.Claims;
using System.Text.Encodings.Web;
using Mediator;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OpenChat.Chain.Api.Realtime;
using OpenChat.Chain.Messaging.Realtime;
using OpenChat.Chain.Messaging.Users;

namespace OpenChat.Chain.Api.Tests.Support;

/// <summary>
/// Tests sign in through this scheme (header X-Test-User: user id); only Auth/PasskeyFlowTests runs the real
/// ceremony. Registered by the test host alone, never by the service.
/// </summary>
public sealed class TestAuthHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "Test";
    const string SelectorScheme = "TestOrService";
    public const string Header = "X-Test-User";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!Request.Headers.TryGetValue(Header, out var value) || !Guid.TryParse(value, out var userId))
            return Task.FromResult(AuthenticateResult.NoResult());
        var identity = new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, userId.ToString())], SchemeName);
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName)));
    }

    /// <summary>Makes the test scheme the default; the service's own scheme still answers requests without the header.</summary>
    public static void Register(IServiceCollection services)
    {
        string? serviceScheme = null;
        services.AddAuthentication()
            .AddScheme<AuthenticationSchemeOptions, TestAuthHandler>(SchemeName, _ => { })
            .AddPolicyScheme(SelectorScheme, null, o => o.ForwardDefaultSelector =
                http => http.Request.Headers.ContainsKey(Header) || serviceScheme is null ? SchemeName : serviceScheme);
        services.PostConfigure<AuthenticationOptions>(o =>
        {
            serviceScheme ??= o.DefaultAuthenticateScheme ?? o.DefaultScheme;
            o.DefaultScheme = o.DefaultAuthenticateScheme = o.DefaultChallengeScheme = o.DefaultForbidScheme = SelectorScheme;
        });
    }
}

/// <summary>A test user: their id, an HTTP client signed in as them, and realtime connections for their devices.</summary>
public sealed record TestUser(Guid Id, string Handle, HttpClient Http, ApiFactory Api)
{
    /// <summary>Connects one device to the hub (a user may connect several).</summary>
    public async Task<HubConnection> ConnectAsync()
    {
        var server = Api.Server;
        var connection = new HubConnectionBuilder()
            .WithUrl(new Uri(server.BaseAddress, "hubs/chat"), o =>
            {
                o.HttpMessageHandlerFactory = _ => server.CreateHandler();
                o.Headers[TestAuthHandler.Header] = Id.ToString();
                o.WebSocketFactory = async (context, ct) =>
                {
                    var client = server.CreateWebSocketClient();
                    client.ConfigureRequest = request => request.Headers[TestAuthHandler.Header] = Id.ToString();
                    return await client.ConnectAsync(context.Uri, ct);
                };
            })
            .AddJsonProtocol(o => o.PayloadSerializerOptions.Converters.Add(new System.Text.Json.Serialization.JsonStringEnumConverter()))
            .Build();
        await connection.StartAsync();
        // StartAsync returns at the handshake, before the server has subscribed the connection on a Redis backplane;
        // a push in between reaches nobody. The server answers a call only after that, as the web client waits too.
        await connection.InvokeAsync<IReadOnlyList<PresenceView>>(nameof(ChatHub.OnlineContacts));
        return connection;
    }
}

public static class TestUsers
{
    /// <summary>Registers a user through the real use case and returns a client signed in as them.</summary>
    public static async Task<TestUser> CreateUserAsync(this ApiFactory api, string name)
    {
        var handle = $"{name}_{Guid.NewGuid():N}"[..24];
        await using var scope = api.Services.CreateAsyncScope();
        var registered = await scope.ServiceProvider.GetRequiredService<IMediator>().Send(new RegisterUser(handle, name));
        var user = registered.Value ?? throw new InvalidOperationException(registered.Error!.Code);
        var http = api.CreateClient();
        http.DefaultRequestHeaders.Add(TestAuthHandler.Header, user.User.Id.ToString());
        http.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        return new TestUser(user.User.Id, handle, http, api);
    }

    public static async Task<TestUser[]> CreateUsersAsync(this ApiFactory api, params string[] names)
    {
        var users = new TestUser[names.Length];
        for (var i = 0; i < names.Length; i++) users[i] = await api.CreateUserAsync(names[i]);
        return users;
    }
}
