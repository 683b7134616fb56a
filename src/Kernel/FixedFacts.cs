using System.Collections.Concurrent;

namespace OpenChat.Chain.Kernel;

/// <summary>
/// Facts that never change once they exist (a user's account index, whether a chat is private), remembered by this
/// process as they are read. Since none changes, any number of instances agree without invalidation; only facts found
/// are remembered, and past <c>capacity</c> the memory starts over rather than grows.
/// </summary>
public sealed class FixedFacts<TKey, TValue>(int capacity) where TKey : notnull where TValue : struct
{
    readonly ConcurrentDictionary<TKey, TValue> _known = new();

    /// <summary>The fact about <paramref name="key"/>, read from <paramref name="source"/> the first time (a static
    /// <paramref name="read"/> keeps a remembered answer free of allocations on the hot paths that ask).</summary>
    public async ValueTask<TValue?> GetAsync<TSource>(TKey key, TSource source, Func<TSource, TKey, CancellationToken, Task<TValue?>> read, CancellationToken ct)
    {
        if (_known.TryGetValue(key, out var known)) return known;
        if (await read(source, key, ct) is not { } found) return null;
        if (_known.Count >= capacity) _known.Clear();
        _known[key] = found;
        return found;
    }
}
