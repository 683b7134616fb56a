using System.Collections.Concurrent;
using System.Security.Claims;
using Microsoft.AspNetCore.SignalR;
using OpenChat.Chain.Api.Auth;

namespace OpenChat.Chain.Api.Realtime;

/// <summary>
/// The hub connections open on this instance and their sessions: a revoked session's connections are closed (the
/// token was checked once, at connect; without this a signed-out device would keep receiving pushes).
/// </summary>
public sealed class HubSessions : IHubFilter
{
    // By connection, scanned on revocation: revocations are rare, and one flat map has no add/remove race to get wrong.
    readonly ConcurrentDictionary<string, (Guid Session, HubCallerContext Connection)> _open = new(StringComparer.Ordinal);

    public async Task OnConnectedAsync(HubLifetimeContext context, Func<HubLifetimeContext, Task> next)
    {
        if (Guid.TryParse(context.Context.User?.FindFirstValue(SessionDefaults.SessionIdClaim), out var session))
            _open[context.Context.ConnectionId] = (session, context.Context);
        await next(context);
    }

    public async Task OnDisconnectedAsync(HubLifetimeContext context, Exception? exception, Func<HubLifetimeContext, Exception?, Task> next)
    {
        _open.TryRemove(context.Context.ConnectionId, out _);
        await next(context, exception);
    }

    /// <summary>Closes the session's connections here; their clients see the connection end and must sign in again.</summary>
    public void Close(Guid sessionId)
    {
        foreach (var (_, (session, connection)) in _open)
            if (session == sessionId) connection.Abort();
    }
}
