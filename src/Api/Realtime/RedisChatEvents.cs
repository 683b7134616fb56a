using System.Buffers.Binary;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR;
using OpenChat.Chain.Messaging.Realtime;
using OpenChat.Chain.Messaging.Sync;
using StackExchange.Redis;

namespace OpenChat.Chain.Api.Realtime;

/// <summary>
/// Messaging's pushes when several instances share Redis. A push is delivered to this instance's devices of the listed
/// users at once, in the process, and published once to the other instances, which deliver it to theirs.
/// <para>
/// Why not the SignalR backplane's <c>Clients.Users</c>, as typing and presence use: it publishes one message per user,
/// serialised in every protocol the hub offers, and a push to a device on this very instance makes the trip through
/// Redis and back. Profiled on the two-instance bench that was 12 % of an instance's CPU and most of Redis's (issue 15).
/// </para>
/// <para>
/// Order: the writer's push loop calls <see cref="Publish"/> in update-id order. Local deliveries are awaited before the
/// next push, as on one instance; publications are queued on the one Redis connection in call order and each instance
/// handles the channel's messages one at a time, so a device still receives one writer's updates in id order. Up to
/// <see cref="InFlight"/> publications are on their way at once; a failure is logged, and devices on other instances
/// catch up by sync, as before.
/// </para>
/// </summary>
public sealed partial class RedisChatEvents : IChatEvents
{
    /// <summary>Publications not yet acknowledged by Redis beyond which the push loop waits (and SendAdmission sees it).</summary>
    public const int InFlight = 1_024;

    // The multiplexer's ChannelPrefix puts the deployment's prefix in front of it.
    static readonly RedisChannel Channel = RedisChannel.Literal("updates");
    static readonly JsonSerializerOptions Json = JsonSerializerOptions.Web;

    readonly Guid _instance = Guid.NewGuid();
    readonly ISubscriber _redis;
    readonly IHubContext<ChatHub, IChatClient> _hub;
    readonly LocalConnections _local;
    readonly ILogger<RedisChatEvents> _logger;
    readonly SemaphoreSlim _room = new(InFlight);

    public RedisChatEvents(IConnectionMultiplexer redis, IHubContext<ChatHub, IChatClient> hub, LocalConnections local, ILogger<RedisChatEvents> logger)
    {
        (_redis, _hub, _local, _logger) = (redis.GetSubscriber(), hub, local, logger);
        // One queue, handled one message at a time: the order in which each instance published.
        _redis.Subscribe(Channel).OnMessage(Received);
    }

    public async Task Publish(IReadOnlyCollection<Guid> userIds, ChatUpdateView update, CancellationToken ct)
    {
        if (userIds.Count == 0) return;
        await Deliver(userIds, update);
        await _room.WaitAsync(ct);
        Task sent;
        try
        {
            sent = _redis.PublishAsync(Channel, Encode(userIds, update));
        }
        catch
        {
            _room.Release();
            throw;
        }
        _ = Acknowledged(sent, update.Id);
    }

    /// <summary>To this instance's devices of the users; a connection that just closed is skipped by the hub.</summary>
    Task Deliver(IEnumerable<Guid> userIds, ChatUpdateView update)
    {
        List<Task>? writes = null;
        foreach (var userId in userIds)
            foreach (var connection in _local.Of(userId))
                (writes ??= []).Add(_hub.Clients.Client(connection).Update(update));
        return writes is null ? Task.CompletedTask : Task.WhenAll(writes);
    }

    async Task Received(ChannelMessage message)
    {
        try
        {
            var (from, userIds, json) = Decode((ReadOnlyMemory<byte>)message.Message);
            // This instance's own devices had the push from Publish: its own publication is not delivered again.
            if (from == _instance || !userIds.Any(u => _local.Of(u).Count > 0)) return;
            await Deliver(userIds, JsonSerializer.Deserialize<ChatUpdateView>(json.Span, Json)!);
        }
        catch (Exception e)
        {
            LogDeliveryFailed(_logger, e);
        }
    }

    // The sending instance, the user ids, then the update as JSON: an instance with none of the users' devices reads no JSON.
    byte[] Encode(IReadOnlyCollection<Guid> userIds, ChatUpdateView update)
    {
        var json = JsonSerializer.SerializeToUtf8Bytes(update, Json);
        var bytes = new byte[16 + 4 + 16 * userIds.Count + json.Length];
        _instance.TryWriteBytes(bytes);
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(16), userIds.Count);
        var at = 20;
        foreach (var userId in userIds)
        {
            userId.TryWriteBytes(bytes.AsSpan(at));
            at += 16;
        }
        json.CopyTo(bytes.AsSpan(at));
        return bytes;
    }

    static (Guid From, Guid[] UserIds, ReadOnlyMemory<byte> Json) Decode(ReadOnlyMemory<byte> bytes)
    {
        var span = bytes.Span;
        var from = new Guid(span[..16]);
        var count = BinaryPrimitives.ReadInt32LittleEndian(span[16..]);
        var userIds = new Guid[count];
        for (var i = 0; i < count; i++) userIds[i] = new Guid(span.Slice(20 + 16 * i, 16));
        return (from, userIds, bytes[(20 + 16 * count)..]);
    }

    async Task Acknowledged(Task sent, long updateId)
    {
        try
        {
            await sent;
        }
        catch (Exception e)
        {
            // The update is committed: a device on another instance that missed this push gets it from /api/sync.
            LogPushFailed(_logger, updateId, e);
        }
        finally
        {
            _room.Release();
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Push of update {UpdateId} through Redis failed; devices on other instances will catch up by sync")]
    static partial void LogPushFailed(ILogger logger, long updateId, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A push from another instance could not be delivered; its devices will catch up by sync")]
    static partial void LogDeliveryFailed(ILogger logger, Exception exception);
}
