using System.Collections.Concurrent;

namespace OpenChat.Chain.Messaging.Realtime;

/// <summary>
/// This instance's hub connections by user: where <see cref="ILocalDevices"/> delivers a push without leaving the
/// process, for RedisChatEvents when several instances share Redis. A connection is listed before its device can call
/// anything (the hub's OnConnectedAsync), so a device that connects and then syncs from its cursor misses nothing
/// between the two.
/// </summary>
public sealed class LocalConnections
{
    readonly ConcurrentDictionary<Guid, string[]> _byUser = new();
    readonly Lock _gate = new();

    public void Add(Guid userId, string connectionId)
    {
        lock (_gate) _byUser[userId] = _byUser.TryGetValue(userId, out var others) ? [.. others, connectionId] : [connectionId];
    }

    public void Remove(Guid userId, string connectionId)
    {
        lock (_gate)
        {
            if (!_byUser.TryGetValue(userId, out var all)) return;
            var left = Array.FindAll(all, c => c != connectionId);
            if (left.Length == 0) _byUser.TryRemove(userId, out _);
            else _byUser[userId] = left;
        }
    }

    /// <summary>The user's connections on this instance; empty when none.</summary>
    public IReadOnlyList<string> Of(Guid userId) => _byUser.TryGetValue(userId, out var connections) ? connections : [];
}
