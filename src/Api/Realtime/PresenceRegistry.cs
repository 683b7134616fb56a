using System.Collections.Concurrent;

namespace OpenChat.Chain.Api.Realtime;

/// <summary>Which users have at least one connected device (this process; a backplane would share it).</summary>
public sealed class PresenceRegistry(TimeProvider clock)
{
    readonly ConcurrentDictionary<Guid, int> _connections = new();
    readonly ConcurrentDictionary<Guid, DateTimeOffset> _lastSeen = new();

    /// <summary>True when this is the user's first device online.</summary>
    public bool Connected(Guid userId) => _connections.AddOrUpdate(userId, 1, (_, n) => n + 1) == 1;

    /// <summary>True when that was the user's last device.</summary>
    public bool Disconnected(Guid userId)
    {
        var left = _connections.AddOrUpdate(userId, 0, (_, n) => Math.Max(0, n - 1));
        if (left > 0) return false;
        _connections.TryRemove(KeyValuePair.Create(userId, 0));
        _lastSeen[userId] = clock.GetUtcNow();
        return true;
    }

    public PresenceView Of(Guid userId) => new(userId, _connections.ContainsKey(userId), _lastSeen.TryGetValue(userId, out var seen) ? seen : null);
}
