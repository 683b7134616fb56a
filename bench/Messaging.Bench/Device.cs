using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;

namespace OpenChat.Chain.Messaging.Bench;

/// <summary>One connected realtime client of one user, reporting each push to the probe the moment it arrives.</summary>
sealed class Device(BenchUser user, Probe probe) : IAsyncDisposable
{
    HubConnection? _connection;

    public BenchUser User => user;
    long _lastUpdateId;

    public async Task ConnectAsync(Uri baseUrl, CancellationToken ct)
    {
        _connection = new HubConnectionBuilder()
            .WithUrl(new Uri(baseUrl, "hubs/chat"), o =>
            {
                o.AccessTokenProvider = () => Task.FromResult<string?>(user.Token);
                o.Transports = HttpTransportType.WebSockets;
                o.SkipNegotiation = true;
            })
            .AddJsonProtocol(o => o.PayloadSerializerOptions.Converters.Add(new JsonStringEnumConverter()))
            .Build();
        // SignalR calls one connection's handlers one at a time, in arrival order.
        _connection.On<UpdatePush>("Update", push =>
        {
            var now = Stopwatch.GetTimestamp();
            // Updates are numbered in commit order across all chats; a device should see them rising.
            if (push.Id < _lastUpdateId) probe.OutOfOrderPush();
            else _lastUpdateId = push.Id;
            probe.Received(user, push, now);
        });
        _connection.On<JsonElement>("Presence", _ => { });
        _connection.On<JsonElement>("Typing", _ => { });
        await _connection.StartAsync(ct);
        // StartAsync returns at the handshake, before the service has subscribed this user's channel on the backplane
        // (SignalR's Redis lifetime manager does so after it): a push published meanwhile reaches no one. The hub runs a
        // call only after that, so its answer proves the device is reachable from every instance.
        await _connection.InvokeAsync<JsonElement>("OnlineContacts", ct);
    }

    /// <summary>
    /// A send over this device's connection: the status the REST route would have answered (201; 503 for
    /// messaging.busy, 429 for rate.limited, 404 for chat.not_found, 599 for any other hub error).
    /// </summary>
    public async Task<int> SendAsync(Guid chatId, SendMessageBody body, CancellationToken ct)
    {
        try
        {
            await _connection!.InvokeAsync<JsonElement>("Send", chatId, body, ct);
            return 201;
        }
        catch (HubException e)
        {
            if (e.Message.Contains("messaging.busy")) HoldFor(e.Message);
            return e.Message.Contains("messaging.busy") ? 503 : e.Message.Contains("rate.limited") ? 429
                : e.Message.Contains("chat.not_found") ? 404 : 599;
        }
    }

    /// <summary>Until when (a Stopwatch timestamp) the service asked this device not to send: its last refusal's retry-after.</summary>
    public long HoldUntil;

    void HoldFor(string refusal)
    {
        var hint = refusal.IndexOf("retry-after=", StringComparison.Ordinal);
        var seconds = hint >= 0 && int.TryParse(refusal.AsSpan(hint + "retry-after=".Length).TrimEnd(), out var s) ? s : 1;
        Volatile.Write(ref HoldUntil, Stopwatch.GetTimestamp() + seconds * Stopwatch.Frequency);
    }

    public async ValueTask DisposeAsync()
    {
        if (_connection is not null) await _connection.DisposeAsync();
    }
}
