using OpenChat.Chain.Messaging.Sync;

namespace OpenChat.Chain.Messaging.Realtime;

/// <summary>
/// The listed users' devices connected to this instance, and only those (the host implements it over its SignalR hub):
/// where an <see cref="IChatEvents"/> that forwards pushes to other instances delivers them here, without a round trip.
/// </summary>
public interface ILocalDevices
{
    /// <summary>Pushes the update to each of the users' devices on this instance (see <see cref="LocalConnections"/>); done when all are written.</summary>
    Task Deliver(IEnumerable<Guid> userIds, ChatUpdateView update);
}
