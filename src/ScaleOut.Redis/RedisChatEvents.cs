using System.Buffers;
using System.Buffers.Binary;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using OpenChat.Chain.Messaging.Realtime;
using OpenChat.Chain.Messaging.Sync;
using StackExchange.Redis;

namespace OpenChat.Chain.ScaleOut.Redis;

/// <summary>
/// Messaging's pushes when several instances share Redis. A push is delivered to this instance's devices of the listed
/// users at once, in the process (<see cref="ILocalDevices"/>, the host's hub), and published to the other instances,
/// which deliver it to theirs.
/// <para>
/// Why not the SignalR backplane's <c>Clients.Users</c>, as typing and presence use: it publishes one message per user,
/// serialised in every protocol the hub offers, and a push to a device on this very instance makes the trip through
/// Redis and back. Profiled on the two-instance bench that was 12 % of an instance's CPU and most of Redis's (issue 15).
/// </para>
/// <para>
/// Batches: the writer's push loop calls <see cref="Publish"/> for every committed update and <see cref="Flush"/> when it
/// has none left, never two calls at once. The pushes for other instances wait here until the flush and go as one Redis
/// message, so a busy writer's group of a hundred updates is one publication, not a hundred: per publication,
/// StackExchange.Redis's write path and the receiving instance's handler were the cluster's largest cost after the
/// devices' own sockets (profile of session 10, issue 15). A quiet writer flushes after every push, so nothing waits.
/// </para>
/// <para>
/// Order: local deliveries are awaited before the next push, as on one instance; publications are queued on the one
/// Redis connection in call order, each instance handles the channel's messages one at a time and a batch's pushes in
/// the order they were published, so a device still receives one writer's updates in id order. Up to
/// <see cref="InFlight"/> publications are on their way at once; a failure is logged, and devices on other instances
/// catch up by sync, as before.
/// </para>
/// </summary>
public sealed partial class RedisChatEvents : IChatEvents
{
    /// <summary>Publications not yet acknowledged by Redis beyond which the push loop waits (and SendAdmission sees it).</summary>
    public const int InFlight = 1_024;

    /// <summary>Bytes of held pushes beyond which a batch goes without waiting for the flush (a huge group).</summary>
    const int MaxBatchBytes = 256 * 1024;

    // The multiplexer's ChannelPrefix puts the deployment's prefix in front of it.
    static readonly RedisChannel Channel = RedisChannel.Literal("updates");
    static readonly JsonSerializerOptions Json = JsonSerializerOptions.Web;

    readonly Guid _instance = Guid.NewGuid();
    readonly ISubscriber _redis;
    readonly ILocalDevices _devices;
    readonly LocalConnections _local;
    readonly ILogger<RedisChatEvents> _logger;
    readonly SemaphoreSlim _room = new(InFlight);

    // The pushes held for the next publication, encoded (the push loop's alone): this instance's id, then each push.
    readonly ArrayBufferWriter<byte> _batch = new(64 * 1024);
    long _lastHeld;

    public RedisChatEvents(IConnectionMultiplexer redis, ILocalDevices devices, LocalConnections local, ILogger<RedisChatEvents> logger)
    {
        (_redis, _devices, _local, _logger) = (redis.GetSubscriber(), devices, local, logger);
        // One queue, handled one message at a time: the order in which each instance published.
        _redis.Subscribe(Channel).OnMessage(Received);
    }

    public async Task Publish(IReadOnlyCollection<Guid> userIds, ChatUpdateView update, CancellationToken ct)
    {
        if (userIds.Count == 0) return;
        await _devices.Deliver(userIds, update);
        Hold(userIds, update);
        if (_batch.WrittenCount >= MaxBatchBytes) await Flush(ct);
    }

    public async Task Flush(CancellationToken ct)
    {
        if (_batch.WrittenCount <= 16) return;
        var bytes = _batch.WrittenSpan.ToArray();
        var lastUpdateId = _lastHeld;
        _batch.ResetWrittenCount();
        await _room.WaitAsync(ct);
        Task sent;
        try
        {
            sent = _redis.PublishAsync(Channel, bytes);
        }
        catch
        {
            _room.Release();
            throw;
        }
        _ = Acknowledged(sent, lastUpdateId);
    }

    async Task Received(ChannelMessage message)
    {
        try
        {
            var bytes = (ReadOnlyMemory<byte>)message.Message;
            // This instance's own devices had its pushes from Publish: its own publication is not delivered again.
            if (new Guid(bytes.Span[..16]) == _instance) return;
            for (var at = 16; at < bytes.Length;)
            {
                var (userIds, json) = Next(bytes, ref at);
                // An instance with none of the users' devices reads no JSON.
                if (!userIds.Any(u => _local.Of(u).Count > 0)) continue;
                try
                {
                    await _devices.Deliver(userIds, JsonSerializer.Deserialize<ChatUpdateView>(json.Span, Json)!);
                }
                catch (Exception e)
                {
                    LogDeliveryFailed(_logger, e); // the batch's other pushes still go
                }
            }
        }
        catch (Exception e)
        {
            LogDeliveryFailed(_logger, e);
        }
    }

    // Each push: the number of users, their ids, the update's JSON length, then the JSON.
    void Hold(IReadOnlyCollection<Guid> userIds, ChatUpdateView update)
    {
        if (_batch.WrittenCount == 0)
        {
            _instance.TryWriteBytes(_batch.GetSpan(16));
            _batch.Advance(16);
        }
        var json = JsonSerializer.SerializeToUtf8Bytes(update, Json);
        var span = _batch.GetSpan(4 + 16 * userIds.Count + 4 + json.Length);
        BinaryPrimitives.WriteInt32LittleEndian(span, userIds.Count);
        var at = 4;
        foreach (var userId in userIds)
        {
            userId.TryWriteBytes(span[at..]);
            at += 16;
        }
        BinaryPrimitives.WriteInt32LittleEndian(span[at..], json.Length);
        json.CopyTo(span[(at + 4)..]);
        _batch.Advance(at + 4 + json.Length);
        _lastHeld = update.Id;
    }

    static (Guid[] UserIds, ReadOnlyMemory<byte> Json) Next(ReadOnlyMemory<byte> bytes, ref int at)
    {
        var span = bytes.Span;
        var count = BinaryPrimitives.ReadInt32LittleEndian(span[at..]);
        var userIds = new Guid[count];
        for (var i = 0; i < count; i++) userIds[i] = new Guid(span.Slice(at + 4 + 16 * i, 16));
        at += 4 + 16 * count;
        var length = BinaryPrimitives.ReadInt32LittleEndian(span[at..]);
        var json = bytes.Slice(at + 4, length);
        at += 4 + length;
        return (userIds, json);
    }

    async Task Acknowledged(Task sent, long lastUpdateId)
    {
        try
        {
            await sent;
        }
        catch (Exception e)
        {
            // The updates are committed: a device on another instance that missed these pushes gets them from /api/sync.
            LogPushFailed(_logger, lastUpdateId, e);
        }
        finally
        {
            _room.Release();
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Pushes up to update {UpdateId} through Redis failed; devices on other instances will catch up by sync")]
    static partial void LogPushFailed(ILogger logger, long updateId, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A push from another instance could not be delivered; its devices will catch up by sync")]
    static partial void LogDeliveryFailed(ILogger logger, Exception exception);
}
