using Microsoft.AspNetCore.SignalR;
using OpenChat.Chain.Messaging.Realtime;
using OpenChat.Chain.Messaging.Sync;

namespace OpenChat.Chain.Api.Realtime;

/// <summary>Messaging's pushes, delivered through the hub to every device of each listed user.</summary>
public sealed class HubChatEvents(IHubContext<ChatHub, IChatClient> hub) : IChatEvents
{
    public Task Publish(IReadOnlyCollection<Guid> userIds, ChatUpdateView update, CancellationToken ct) =>
        userIds.Count == 0 ? Task.CompletedTask : hub.Clients.Users(userIds.Select(id => id.ToString()).ToList()).Update(update);
}
