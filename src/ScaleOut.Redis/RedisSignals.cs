using Microsoft.Extensions.Logging;
using OpenChat.Chain.Kernel;
using StackExchange.Redis;

namespace OpenChat.Chain.ScaleOut.Redis;

/// <summary>
/// <see cref="IInstanceSignals"/> over Redis pub/sub, on the backplane's own connection: one channel for every topic,
/// each notice tagged with the sending instance, which already ran its own handlers before publishing.
/// </summary>
public sealed partial class RedisSignals : IInstanceSignals
{
    readonly InProcessSignals _here = new();
    readonly ISubscriber _bus;
    // The multiplexer's channel prefix (the deployment's) is added to it.
    readonly RedisChannel _channel = RedisChannel.Literal("signals");
    readonly string _instance = Guid.NewGuid().ToString("N");
    readonly ILogger<RedisSignals> _logger;

    public RedisSignals(IConnectionMultiplexer redis, ILogger<RedisSignals> logger)
    {
        _logger = logger;
        _bus = redis.GetSubscriber();
        _bus.Subscribe(_channel, (_, message) => Receive(message!));
        // Pub/sub keeps nothing: notices sent while the link was down are lost, so whatever they would have dropped goes.
        redis.ConnectionRestored += (_, e) =>
        {
            if (e.ConnectionType != ConnectionType.Subscription) return;
            LogRestored(_logger);
            _here.ForgetEverything();
        };
    }

    public Task Publish(string topic, string payload, CancellationToken ct = default)
    {
        _here.Deliver(topic, payload);
        try
        {
            // Queued, never awaited: the Messaging writer announces membership changes, and must not wait on the network.
            _bus.Publish(_channel, $"{_instance}\n{topic}\n{payload}", CommandFlags.FireAndForget);
        }
        catch (Exception e) when (e is RedisException or ObjectDisposedException)
        {
            // The change is committed: failing its request now would not undo it. Other instances re-read on reconnect
            // (ForgetEverything) and sessions within SessionCache.Refresh.
            LogNotSent(_logger, topic, e.GetType().Name);
        }
        return Task.CompletedTask;
    }

    public void Subscribe(string topic, Action<string> handler) => _here.Subscribe(topic, handler);

    void Receive(string message)
    {
        var parts = message.Split('\n', 3);
        if (parts.Length != 3 || parts[0] == _instance) return;
        _here.Deliver(parts[1], parts[2]);
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Instance signal {Topic} not sent to the other instances ({Reason})")]
    static partial void LogNotSent(ILogger logger, string topic, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Redis pub/sub link restored: cached sessions and memberships dropped (notices may have been missed)")]
    static partial void LogRestored(ILogger logger);
}
