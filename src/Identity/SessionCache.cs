using System.Collections.Concurrent;

namespace OpenChat.Chain.Identity;

/// <summary>
/// Sessions recently seen, by token hash, so a request or hub connection is authenticated without a query.
/// Sign-out removes the entry here at once (<see cref="Revoke"/>); a load that raced with a revocation is not
/// kept. Revocations on other instances arrive through the host (its instance signals); entries are still re-read
/// after <see cref="Refresh"/>, the bound on how long a revocation goes unseen when no notice carries it (a database
/// edit, a lost link to Redis).
/// </summary>
public sealed class SessionCache(TimeProvider clock)
{
    public static readonly TimeSpan Refresh = TimeSpan.FromSeconds(30);
    const int MaxEntries = 200_000;

    public sealed record Entry(Guid SessionId, Guid UserId, string Method, DateTimeOffset ExpiresAt, DateTimeOffset LoadedAt);

    readonly ConcurrentDictionary<string, Entry> _byHash = new(StringComparer.Ordinal);
    long _generation;

    public Entry? Find(string tokenHash)
    {
        if (!_byHash.TryGetValue(tokenHash, out var entry)) return null;
        var now = clock.GetUtcNow();
        if (now - entry.LoadedAt < Refresh && now < entry.ExpiresAt) return entry;
        _byHash.TryRemove(new KeyValuePair<string, Entry>(tokenHash, entry));
        return null;
    }

    /// <summary>Where a load starts: pass it to <see cref="Keep"/> so a revocation during the load wins.</summary>
    public long Generation => Interlocked.Read(ref _generation);

    public void Keep(string tokenHash, Session session, long generation)
    {
        if (_byHash.Count >= MaxEntries) _byHash.Clear();
        var entry = new Entry(session.Id, session.UserId, session.Method, session.ExpiresAt, clock.GetUtcNow());
        _byHash[tokenHash] = entry;
        // Revoked while it was being read: take it out again.
        if (Generation != generation) _byHash.TryRemove(new KeyValuePair<string, Entry>(tokenHash, entry));
    }

    public void Revoke(Guid sessionId)
    {
        Interlocked.Increment(ref _generation);
        foreach (var (hash, entry) in _byHash)
            if (entry.SessionId == sessionId) _byHash.TryRemove(new KeyValuePair<string, Entry>(hash, entry));
    }

    /// <summary>Every session of the user (device removal, account changes).</summary>
    public void RevokeUser(Guid userId)
    {
        Interlocked.Increment(ref _generation);
        foreach (var (hash, entry) in _byHash)
            if (entry.UserId == userId) _byHash.TryRemove(new KeyValuePair<string, Entry>(hash, entry));
    }

    /// <summary>Forgets every session (revocations may have been missed): each is read again on its next use.</summary>
    public void Clear()
    {
        Interlocked.Increment(ref _generation);
        _byHash.Clear();
    }
}
