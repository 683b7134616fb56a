using System.Collections.Concurrent;

namespace OpenChat.Chain.Messaging.Realtime;

/// <summary>
/// Which users have at least one connected device, and when each was last seen: <see cref="LocalPresence"/> in this
/// process for one instance, RedisPresence (OpenChat.Chain.ScaleOut.Redis) when several instances share Redis.
/// </summary>
public abstract class PresenceRegistry
{
    /// <summary>True when this is the user's first device online.</summary>
    public abstract ValueTask<bool> Connected(Guid userId, string connectionId);

    /// <summary>True when that was the user's last device.</summary>
    public abstract ValueTask<bool> Disconnected(Guid userId, string connectionId);

    public abstract ValueTask<PresenceView> Of(Guid userId);
}

/// <summary>One instance: counts in memory.</summary>
public sealed class LocalPresence(TimeProvider clock) : PresenceRegistry
{
    readonly ConcurrentDictionary<Guid, int> _connections = new();
    readonly ConcurrentDictionary<Guid, DateTimeOffset> _lastSeen = new();
    // Counting down and removing the user must be one step: a device connecting in between would otherwise be counted
    // on a key about to be removed, and the user reported offline while online.
    readonly Lock _gate = new();

    public override ValueTask<bool> Connected(Guid userId, string connectionId)
    {
        lock (_gate) return ValueTask.FromResult(_connections.AddOrUpdate(userId, 1, (_, n) => n + 1) == 1);
    }

    public override ValueTask<bool> Disconnected(Guid userId, string connectionId)
    {
        lock (_gate)
        {
            var left = _connections.AddOrUpdate(userId, 0, (_, n) => Math.Max(0, n - 1));
            if (left > 0) return ValueTask.FromResult(false);
            _connections.TryRemove(userId, out _);
            _lastSeen[userId] = clock.GetUtcNow();
            return ValueTask.FromResult(true);
        }
    }

    public override ValueTask<PresenceView> Of(Guid userId) =>
        ValueTask.FromResult(new PresenceView(userId, _connections.ContainsKey(userId), _lastSeen.TryGetValue(userId, out var seen) ? seen : null));
}
