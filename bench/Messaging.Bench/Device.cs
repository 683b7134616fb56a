using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;

namespace OpenChat.Chain.Messaging.Bench;

/// <summary>One connected realtime client of one user, reporting each push to the probe the moment it arrives.</summary>
sealed class Device(BenchUser user, Probe probe) : IAsyncDisposable
{
    HubConnection? _connection;
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
    }

    public async ValueTask DisposeAsync()
    {
        if (_connection is not null) await _connection.DisposeAsync();
    }
}
