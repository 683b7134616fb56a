using OpenChat.Chain.Messaging.Sync;

namespace OpenChat.Chain.Messaging.Realtime;

/// <summary>Pushes committed changes to the listed users' connected devices (the host implements it over SignalR).</summary>
public interface IChatEvents
{
    Task Publish(IReadOnlyCollection<Guid> userIds, ChatUpdateView update, CancellationToken ct);

    /// <summary>
    /// Called by the writer's push loop once it has handed over every update committed so far. An implementation that
    /// forwards pushes to other processes may hold them until then and send them together, in the order published.
    /// </summary>
    Task Flush(CancellationToken ct) => Task.CompletedTask;
}
