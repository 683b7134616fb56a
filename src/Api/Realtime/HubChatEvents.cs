using Microsoft.AspNetCore.SignalR;
using OpenChat.Chain.Messaging.Realtime;
using OpenChat.Chain.Messaging.Sync;

namespace OpenChat.Chain.Api.Realtime;

/// <summary>
/// Messaging's pushes through the hub. Alone, <see cref="Publish"/> reaches every device of each listed user. With
/// several instances, RedisChatEvents publishes instead and delivers through <see cref="Deliver"/>: this instance's
/// connections only, each addressed by id, which SignalR's Redis backplane writes in the process (<c>Clients.Users</c>
/// would go through Redis to every instance, and the devices elsewhere would get the push twice).
/// </summary>
public sealed class HubChatEvents(IHubContext<ChatHub, IChatClient> hub, LocalConnections local) : IChatEvents, ILocalDevices
{
    public Task Publish(IReadOnlyCollection<Guid> userIds, ChatUpdateView update, CancellationToken ct) =>
        userIds.Count == 0 ? Task.CompletedTask : hub.Clients.Users(userIds.Select(id => id.ToString()).ToList()).Update(update);

    /// <summary>To this instance's devices of the users; a connection that just closed is skipped by the hub.</summary>
    public Task Deliver(IEnumerable<Guid> userIds, ChatUpdateView update)
    {
        List<Task>? writes = null;
        foreach (var userId in userIds)
            foreach (var connection in local.Of(userId))
                (writes ??= []).Add(hub.Clients.Client(connection).Update(update));
        return writes is null ? Task.CompletedTask : Task.WhenAll(writes);
    }
}
