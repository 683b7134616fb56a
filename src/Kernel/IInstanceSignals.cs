namespace OpenChat.Chain.Kernel;

/// <summary>
/// Small notices to every running instance of the service, this one included: "drop what you cached about X". Each
/// instance keeps caches of its own (sessions, chat members); a change committed on one instance is announced here so
/// every copy forgets it. The default reaches this process only; with Redis configured the host delivers through
/// Redis pub/sub. Notices are not stored: an instance that is down misses them and starts with empty caches.
/// </summary>
public interface IInstanceSignals
{
    /// <summary>
    /// The payload every handler receives when notices may have been missed (the link to the other instances was lost
    /// and is back): forget everything cached under the topic.
    /// </summary>
    const string Everything = "*";

    /// <summary>
    /// Runs this instance's handlers of <paramref name="topic"/> before it returns, then sends the payload to the other
    /// instances. Call it after the change is committed, so a handler that reloads sees the change.
    /// </summary>
    Task Publish(string topic, string payload, CancellationToken ct = default);

    /// <summary>Calls <paramref name="handler"/> with the payload of each notice on <paramref name="topic"/>, from any instance.</summary>
    void Subscribe(string topic, Action<string> handler);
}

/// <summary>One instance: a notice reaches this process's handlers and nothing else.</summary>
public sealed class InProcessSignals : IInstanceSignals
{
    readonly Lock _gate = new();
    Dictionary<string, Action<string>[]> _handlers = new(StringComparer.Ordinal);

    public Task Publish(string topic, string payload, CancellationToken ct = default)
    {
        Deliver(topic, payload);
        return Task.CompletedTask;
    }

    public void Subscribe(string topic, Action<string> handler)
    {
        lock (_gate)
        {
            // Copy on write: publishing reads the map without the lock.
            var next = new Dictionary<string, Action<string>[]>(_handlers, StringComparer.Ordinal);
            next[topic] = [.. next.GetValueOrDefault(topic, []), handler];
            _handlers = next;
        }
    }

    /// <summary>Runs the topic's handlers here (the Redis signals call it for this instance's own notices and for others').</summary>
    public void Deliver(string topic, string payload)
    {
        foreach (var handler in Volatile.Read(ref _handlers).GetValueOrDefault(topic, [])) handler(payload);
    }

    /// <summary>Every topic's handlers get <see cref="IInstanceSignals.Everything"/>.</summary>
    public void ForgetEverything()
    {
        foreach (var handlers in Volatile.Read(ref _handlers).Values)
            foreach (var handler in handlers) handler(IInstanceSignals.Everything);
    }
}
