using System.Collections.Concurrent;
using OpenChat.Chain.Messaging.Realtime;
using StackExchange.Redis;

namespace OpenChat.Chain.ScaleOut.Redis;

/// <summary>
/// Presence shared by every instance: per user, a Redis sorted set of their open connections scored by an expiry that
/// the instance holding each connection pushes forward every <see cref="Renew"/>. A user is online while one entry is
/// unexpired, so the connections of an instance that died (kill -9, lost host) stop counting after <see cref="Lease"/>.
/// Counting and the "last seen" stamp change in one script each, so two instances never both report a first or last device.
/// </summary>
public sealed class RedisPresence : PresenceRegistry, IAsyncDisposable
{
    public static readonly TimeSpan Lease = TimeSpan.FromSeconds(45);
    public static readonly TimeSpan Renew = TimeSpan.FromSeconds(15);
    static readonly TimeSpan KeepLastSeen = TimeSpan.FromDays(90);

    // KEYS: connections, last seen. ARGV: connection, now (ms), its expiry (ms), the set's lifetime (ms).
    const string ConnectScript = """
        redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[2])
        redis.call('ZADD', KEYS[1], ARGV[3], ARGV[1])
        redis.call('PEXPIRE', KEYS[1], ARGV[4])
        return redis.call('ZCARD', KEYS[1])
        """;

    // KEYS: connections, last seen. ARGV: connection, now (ms), how long "last seen" is kept (ms). Returns 1 for the last device.
    const string DisconnectScript = """
        local removed = redis.call('ZREM', KEYS[1], ARGV[1])
        redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[2])
        if removed == 1 and redis.call('ZCARD', KEYS[1]) == 0 then
          redis.call('SET', KEYS[2], ARGV[2], 'PX', ARGV[3])
          return 1
        end
        return 0
        """;

    // KEYS: connections, last seen. ARGV: now (ms). Returns { live connections, last seen (ms) or false }.
    const string OfScript = """
        return { redis.call('ZCOUNT', KEYS[1], '(' .. ARGV[1], '+inf'), redis.call('GET', KEYS[2]) }
        """;

    readonly IDatabase _redis;
    readonly TimeProvider _clock;
    readonly string _prefix;
    readonly ConcurrentDictionary<string, Guid> _here = new(StringComparer.Ordinal);
    readonly ITimer _renewal;

    public RedisPresence(IConnectionMultiplexer redis, string keyPrefix, TimeProvider clock)
    {
        _redis = redis.GetDatabase();
        _clock = clock;
        _prefix = keyPrefix;
        _renewal = clock.CreateTimer(_ => RenewLeases(), null, Renew, Renew);
    }

    public override async ValueTask<bool> Connected(Guid userId, string connectionId)
    {
        _here[connectionId] = userId;
        var now = Now();
        var count = (long)await _redis.ScriptEvaluateAsync(ConnectScript, Keys(userId),
            [connectionId, now, now + (long)Lease.TotalMilliseconds, (long)Lease.TotalMilliseconds]);
        return count == 1;
    }

    public override async ValueTask<bool> Disconnected(Guid userId, string connectionId)
    {
        _here.TryRemove(connectionId, out _);
        var last = (long)await _redis.ScriptEvaluateAsync(DisconnectScript, Keys(userId),
            [connectionId, Now(), (long)KeepLastSeen.TotalMilliseconds]);
        return last == 1;
    }

    public override async ValueTask<PresenceView> Of(Guid userId)
    {
        var answer = (RedisResult[])(await _redis.ScriptEvaluateAsync(OfScript, Keys(userId), [Now()]))!;
        var lastSeen = answer[1].IsNull ? (DateTimeOffset?)null : DateTimeOffset.FromUnixTimeMilliseconds((long)answer[1]);
        return new PresenceView(userId, (long)answer[0] > 0, lastSeen);
    }

    void RenewLeases()
    {
        var expiry = Now() + (long)Lease.TotalMilliseconds;
        try
        {
            foreach (var (connectionId, userId) in _here)
            {
                var connections = Keys(userId)[0];
                // Only entries still there: a connection that just left must not come back.
                _redis.SortedSetAdd(connections, connectionId, expiry, SortedSetWhen.Exists, CommandFlags.FireAndForget);
                _redis.KeyExpire(connections, Lease, CommandFlags.FireAndForget);
            }
        }
        // A timer callback must not throw (it would end the process); the next renewal tries again within the lease.
        catch (Exception e) when (e is RedisException or ObjectDisposedException) { }
    }

    // One hash tag per user: both keys live on the same node of a Redis cluster, as a script needs.
    RedisKey[] Keys(Guid userId) => [$"{_prefix}presence:{{{userId:N}}}:connections", $"{_prefix}presence:{{{userId:N}}}:seen"];

    long Now() => _clock.GetUtcNow().ToUnixTimeMilliseconds();

    public ValueTask DisposeAsync() => _renewal.DisposeAsync();
}
