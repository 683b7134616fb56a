using OpenChat.Chain.Messaging.Sync;

namespace OpenChat.Chain.Messaging.Realtime;

/// <summary>Pushes committed changes to the listed users' connected devices (the host implements it over SignalR).</summary>
public interface IChatEvents
{
    Task Publish(IReadOnlyCollection<Guid> userIds, ChatUpdateView update, CancellationToken ct);
}
