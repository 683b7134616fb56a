using System.Collections.Concurrent;

namespace OpenChat.Chain.Api.Realtime;

/// <summary>Which users have at least one connected device (this process; a backplane would share it).</summary>
public sealed class PresenceRegistry(TimeProvider clock)
{
    readonly ConcurrentDictionary<Guid, int> _connections = new();
    readonly ConcurrentDictionary<Guid, DateTimeOffset> _lastSeen = new();
    // Counting down and removing the user must be one step: a device connecting in between would otherwise be counted
    // on a key about to be removed, and the user reported offline while online.
    readonly Lock _gate = new();

    /// <summary>True when this is the user's first device online.</summary>
    public bool Connected(Guid userId)
    {
        lock (_gate) return _connections.AddOrUpdate(userId, 1, (_, n) => n + 1) == 1;
    }

    /// <summary>True when that was the user's last device.</summary>
    public bool Disconnected(Guid userId)
    {
        lock (_gate)
        {
            var left = _connections.AddOrUpdate(userId, 0, (_, n) => Math.Max(0, n - 1));
            if (left > 0) return false;
            _connections.TryRemove(userId, out _);
            _lastSeen[userId] = clock.GetUtcNow();
            return true;
        }
    }

    public PresenceView Of(Guid userId) => new(userId, _connections.ContainsKey(userId), _lastSeen.TryGetValue(userId, out var seen) ? seen : null);
}
