using Microsoft.AspNetCore.SignalR;
using OpenChat.Chain.Api.Realtime;
using OpenChat.Chain.Identity;

namespace OpenChat.Chain.Api.Auth;

/// <summary>Identity's device notices: <see cref="DevicesChangedView"/> to the user's connected devices, ended sessions to every instance.</summary>
public sealed class DeviceNotices(IHubContext<ChatHub, IChatClient> hub, SessionRevocation sessions) : IDeviceNotices
{
    public Task Changed(Guid userId, DevicesChangedView change, CancellationToken ct) => hub.Clients.User(userId.ToString()).DevicesChanged(change);

    public Task SessionEnded(Guid sessionId, CancellationToken ct) => sessions.Revoke(sessionId, ct);
}
