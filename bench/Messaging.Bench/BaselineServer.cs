using System.Collections.Concurrent;
using System.Net;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace OpenChat.Chain.Messaging.Bench;

/// <summary>
/// The yardstick: bare ASP.NET Core + SignalR in this process, same routes and payload shape as the service, but
/// no authentication, no database, no validation. The bearer token is simply the user id. What the service costs
/// on top of this is what storing, checking and indexing a message costs.
/// </summary>
sealed class BaselineServer : IAsyncDisposable
{
    readonly WebApplication _app;
    readonly ConcurrentDictionary<Guid, BareChat> _chats = new();
    readonly List<IDisposable> _owned = [];
    long _updates;

    BaselineServer(WebApplication app) => _app = app;

    public Uri BaseUrl { get; private set; } = null!;

    public static async Task<BaselineServer> StartAsync(CancellationToken ct)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        builder.Services.AddSignalR().AddJsonProtocol(o => o.PayloadSerializerOptions.Converters.Add(new JsonStringEnumConverter()));
        builder.Services.AddSingleton<IUserIdProvider, BearerIsUserId>();
        builder.Services.ConfigureHttpJsonOptions(o => o.SerializerOptions.Converters.Add(new JsonStringEnumConverter()));
        var app = builder.Build();
        var server = new BaselineServer(app);

        app.MapPost("/api/chats/direct", (CreateDirectChatBody body, HttpContext http) =>
            server.Create(BearerIsUserId.Of(http), [body.UserId]));
        app.MapPost("/api/chats/groups", (CreateGroupBody body, HttpContext http) =>
            server.Create(BearerIsUserId.Of(http), body.MemberIds));
        app.MapPost("/api/chats/{chatId:guid}/messages", (Guid chatId, SendMessageBody body, HttpContext http, IHubContext<BareHub> hub) =>
            server.Send(chatId, BearerIsUserId.Of(http), body, hub));
        app.MapHub<BareHub>("/hubs/chat");

        await app.StartAsync(ct);
        server.BaseUrl = new Uri($"http://127.0.0.1:{new Uri(app.Urls.First()).Port}/");
        return server;
    }

    IResult Create(Guid? owner, IReadOnlyList<Guid> others)
    {
        if (owner is not { } me) return Results.Unauthorized();
        var members = others.Append(me).Distinct().ToList();
        var chat = new BareChat(Guid.CreateVersion7(), members.ToHashSet(), members.Select(m => m.ToString()).ToList());
        _chats[chat.Id] = chat;
        return Results.Ok(new { chat.Id });
    }

    async Task<IResult> Send(Guid chatId, Guid? sender, SendMessageBody body, IHubContext<BareHub> hub)
    {
        if (sender is not { } me) return Results.Unauthorized();
        if (!_chats.TryGetValue(chatId, out var chat) || !chat.Members.Contains(me)) return Results.NotFound();
        var now = DateTimeOffset.UtcNow;
        var message = new BareMessage(Guid.CreateVersion7(), chatId, Interlocked.Increment(ref chat.LastSequence), me,
            body.ClientMessageId, "Text", body.Text, null, null, [], [], null, now, null, false);
        var update = new BareUpdate(Interlocked.Increment(ref _updates), chatId, "MessagePosted", now, message, null, null);
        await hub.Clients.Users(chat.MemberNames).SendAsync("Update", update);
        return Results.Created($"/api/chats/{chatId}/messages/{message.Id}", message);
    }

    /// <summary>Disposed with the server (its client).</summary>
    public void Owns(IDisposable client) => _owned.Add(client);

    public async ValueTask DisposeAsync()
    {
        foreach (var owned in _owned) owned.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    sealed class BareChat(Guid id, HashSet<Guid> members, IReadOnlyList<string> memberNames)
    {
        public long LastSequence;
        public Guid Id { get; } = id;
        public HashSet<Guid> Members { get; } = members;
        public IReadOnlyList<string> MemberNames { get; } = memberNames;
    }

    // The service's MessageView and ChatUpdateView, field for field, so both push the same bytes.
    sealed record BareMessage(
        Guid Id, Guid ChatId, long Sequence, Guid SenderId, Guid ClientMessageId, string Kind, string? Text,
        Guid? ReplyToId, Guid? ForwardedFromId, IReadOnlyList<object> Attachments, IReadOnlyList<object> Reactions,
        string? Payload, DateTimeOffset CreatedAt, DateTimeOffset? EditedAt, bool Deleted);

    sealed record BareUpdate(long Id, Guid ChatId, string Kind, DateTimeOffset At, BareMessage? Message, object? Member, object? Chat);

    sealed class BareHub : Hub;

    sealed class BearerIsUserId : IUserIdProvider
    {
        public string? GetUserId(HubConnectionContext connection) =>
            connection.GetHttpContext() is { } http ? Of(http)?.ToString() : null;

        public static Guid? Of(HttpContext http)
        {
            var header = http.Request.Headers.Authorization.ToString();
            var token = header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
                ? header["Bearer ".Length..]
                : http.Request.Query["access_token"].ToString();
            return Guid.TryParse(token, out var id) ? id : null;
        }
    }
}
