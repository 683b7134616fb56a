using System.Collections.Concurrent;
using System.Net;
using System.Threading.Channels;
using Microsoft.Data.Sqlite;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace OpenChat.Chain.Messaging.Bench;

/// <summary>
/// The yardstick: bare ASP.NET Core + SignalR in this process, same routes, hub method and payload shape as the
/// service, no authentication or validation (the bearer token is simply the user id), but every message is
/// stored in SQLite before it is delivered: one writer takes everything queued while its last commit ran and
/// commits it in one transaction (WAL, synchronous=NORMAL, as the service), then pushes in commit order.
/// What the service costs on top of this is what checking, numbering, logging and indexing a message costs.
/// </summary>
sealed class BaselineServer : IAsyncDisposable
{
    WebApplication _app = null!;
    readonly ConcurrentDictionary<Guid, BareChat> _chats = new();
    readonly List<IDisposable> _owned = [];
    readonly Channel<Pending> _writes = Channel.CreateUnbounded<Pending>(new UnboundedChannelOptions { SingleReader = true });
    readonly Channel<(BareChat Chat, BareUpdate Update)> _pushes = Channel.CreateUnbounded<(BareChat, BareUpdate)>(new UnboundedChannelOptions { SingleReader = true });
    readonly string _databaseFile = Path.Combine(Path.GetTempPath(), $"bench-baseline-{Guid.NewGuid():N}.db");
    readonly CancellationTokenSource _stop = new();
    Task _writer = Task.CompletedTask, _pusher = Task.CompletedTask;
    long _updates;

    sealed record Pending(BareChat Chat, BareMessage Message, TaskCompletionSource Done);

    public Uri BaseUrl { get; private set; } = null!;

    public static async Task<BaselineServer> StartAsync(CancellationToken ct)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        builder.Services.AddSignalR().AddJsonProtocol(o => o.PayloadSerializerOptions.Converters.Add(new JsonStringEnumConverter()));
        builder.Services.AddSingleton<IUserIdProvider, BearerIsUserId>();
        builder.Services.ConfigureHttpJsonOptions(o => o.SerializerOptions.Converters.Add(new JsonStringEnumConverter()));
        var server = new BaselineServer();
        builder.Services.AddSingleton(server);
        var app = builder.Build();
        server._app = app;
        server.OpenDatabase();
        var hubContext = app.Services.GetRequiredService<IHubContext<BareHub>>();
        server._writer = Task.Run(() => server.WriteLoop(server._stop.Token));
        server._pusher = Task.Run(() => server.PushLoop(hubContext, server._stop.Token));

        app.MapPost("/api/chats/direct", (CreateDirectChatBody body, HttpContext http) =>
            server.Create(BearerIsUserId.Of(http), [body.UserId]));
        app.MapPost("/api/chats/groups", (CreateGroupBody body, HttpContext http) =>
            server.Create(BearerIsUserId.Of(http), body.MemberIds));
        app.MapPost("/api/chats/{chatId:guid}/messages", async (Guid chatId, SendMessageBody body, HttpContext http) =>
            await server.Send(chatId, BearerIsUserId.Of(http), body) is { } message
                ? Results.Created($"/api/chats/{chatId}/messages/{message.Id}", message) : Results.NotFound());
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

    /// <summary>Stored, then answered; the push goes out after the commit, in commit order. Null: not a member.</summary>
    async Task<BareMessage?> Send(Guid chatId, Guid? sender, SendMessageBody body)
    {
        if (sender is not { } me || !_chats.TryGetValue(chatId, out var chat) || !chat.Members.Contains(me)) return null;
        var message = new BareMessage(Guid.CreateVersion7(), chatId, 0, me,
            body.ClientMessageId, "Text", body.Text, null, null, [], [], null, DateTimeOffset.UtcNow, null, false);
        var pending = new Pending(chat, message, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        _writes.Writer.TryWrite(pending);
        await pending.Done.Task;
        return pending.Message with { Sequence = pending.Chat.LastSequence };
    }

    void OpenDatabase()
    {
        using var db = new SqliteConnection($"Data Source={_databaseFile}");
        db.Open();
        using var create = db.CreateCommand();
        create.CommandText = """
            PRAGMA journal_mode = WAL;
            CREATE TABLE messages (id TEXT PRIMARY KEY, chat_id TEXT NOT NULL, sequence INTEGER NOT NULL, sender_id TEXT NOT NULL,
                client_message_id TEXT NOT NULL, text TEXT, created_at TEXT NOT NULL, update_id INTEGER NOT NULL,
                UNIQUE (chat_id, sequence), UNIQUE (chat_id, client_message_id));
            """;
        create.ExecuteNonQuery();
    }

    async Task WriteLoop(CancellationToken ct)
    {
        await using var db = new SqliteConnection($"Data Source={_databaseFile}");
        await db.OpenAsync(ct);
        await using (var pragma = db.CreateCommand())
        {
            pragma.CommandText = "PRAGMA synchronous = NORMAL;";
            await pragma.ExecuteNonQueryAsync(ct);
        }
        await using var insert = db.CreateCommand();
        insert.CommandText = "INSERT INTO messages VALUES ($id, $chat, $seq, $sender, $client, $text, $at, $update)";
        var parameters = new[] { "$id", "$chat", "$seq", "$sender", "$client", "$text", "$at", "$update" }
            .Select(name => insert.Parameters.Add(name, SqliteType.Text)).ToArray();
        var batch = new List<(Pending Pending, long Sequence, long Update)>();
        try
        {
            while (await _writes.Reader.WaitToReadAsync(ct))
            {
                var numbered = new Dictionary<BareChat, long>();
                while (batch.Count < 1_000 && _writes.Reader.TryRead(out var pending))
                {
                    var sequence = numbered[pending.Chat] = numbered.GetValueOrDefault(pending.Chat, pending.Chat.LastSequence) + 1;
                    batch.Add((pending, sequence, 0));
                }
                await using (var tx = (SqliteTransaction)await db.BeginTransactionAsync(ct))
                {
                    insert.Transaction = tx;
                    for (var i = 0; i < batch.Count; i++)
                    {
                        var (p, sequence, _) = batch[i];
                        var update = ++_updates;
                        batch[i] = (p, sequence, update);
                        parameters[0].Value = p.Message.Id.ToString();
                        parameters[1].Value = p.Chat.Id.ToString();
                        parameters[2].Value = sequence;
                        parameters[3].Value = p.Message.SenderId.ToString();
                        parameters[4].Value = p.Message.ClientMessageId.ToString();
                        parameters[5].Value = p.Message.Text;
                        parameters[6].Value = p.Message.CreatedAt.ToString("O");
                        parameters[7].Value = update;
                        await insert.ExecuteNonQueryAsync(ct);
                    }
                    await tx.CommitAsync(ct);
                }
                foreach (var (p, sequence, update) in batch)
                {
                    p.Chat.LastSequence = sequence;
                    var message = p.Message with { Sequence = sequence };
                    _pushes.Writer.TryWrite((p.Chat, new BareUpdate(update, p.Chat.Id, "MessagePosted", message.CreatedAt, message, null, null)));
                    p.Done.TrySetResult();
                }
                batch.Clear();
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // Stopping.
        }
    }

    async Task PushLoop(IHubContext<BareHub> hub, CancellationToken ct)
    {
        try
        {
            await foreach (var (chat, update) in _pushes.Reader.ReadAllAsync(ct))
                await hub.Clients.Users(chat.MemberNames).SendAsync("Update", update, ct);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // Stopping.
        }
    }

    /// <summary>Disposed with the server (its client).</summary>
    public void Owns(IDisposable client) => _owned.Add(client);

    public async ValueTask DisposeAsync()
    {
        foreach (var owned in _owned) owned.Dispose();
        await _app.StopAsync();
        await _stop.CancelAsync();
        await Task.WhenAll(_writer, _pusher);
        await _app.DisposeAsync();
        SqliteConnection.ClearAllPools();
        foreach (var file in new[] { _databaseFile, _databaseFile + "-wal", _databaseFile + "-shm" }) File.Delete(file);
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

    sealed class BareHub(BaselineServer server) : Hub
    {
        public async Task<BareMessage> Send(Guid chatId, SendMessageBody body) =>
            await server.Send(chatId, Guid.TryParse(Context.UserIdentifier, out var me) ? me : null, body)
                ?? throw new HubException("chat.not_found");

        /// <summary>The call a bench device makes once connected, to know it is reachable; the bare server has no presence.</summary>
        public object[] OnlineContacts() => [];
    }

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
