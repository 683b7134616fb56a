using System.Collections.Concurrent;
using System.Security.Claims;
using Microsoft.AspNetCore.SignalR;
using OpenChat.Chain.Api.Auth;

namespace OpenChat.Chain.Api.Realtime;

/// <summary>
/// The hub connections open on this instance and their sessions: a revoked session's connections are closed (the
/// token was checked once, at connect; without this a signed-out device would keep receiving pushes).
/// </summary>
public sealed class HubSessions(TimeProvider clock) : IHubFilter
{
    // A connection authenticated just before its session's revocation may reach OnConnectedAsync just after it: it
    // checks this list once registered, so one of the two always sees the other. Kept long enough for any handshake.
    static readonly TimeSpan RememberRevoked = TimeSpan.FromMinutes(2);

    // By connection, scanned on revocation: revocations are rare, and one flat map has no add/remove race to get wrong.
    readonly ConcurrentDictionary<string, (Guid Session, HubCallerContext Connection)> _open = new(StringComparer.Ordinal);
    readonly ConcurrentDictionary<Guid, DateTimeOffset> _revoked = new();

    public async Task OnConnectedAsync(HubLifetimeContext context, Func<HubLifetimeContext, Task> next)
    {
        var hasSession = Guid.TryParse(context.Context.User?.FindFirstValue(SessionDefaults.SessionIdClaim), out var session);
        if (hasSession) _open[context.Context.ConnectionId] = (session, context.Context);
        await next(context);
        // After the hub's own OnConnectedAsync, so the usual disconnect (presence and all) follows the abort.
        if (hasSession && _revoked.ContainsKey(session)) context.Context.Abort();
    }

    public async Task OnDisconnectedAsync(HubLifetimeContext context, Exception? exception, Func<HubLifetimeContext, Exception?, Task> next)
    {
        _open.TryRemove(context.Context.ConnectionId, out _);
        await next(context, exception);
    }

    /// <summary>Closes the session's connections here; their clients see the connection end and must sign in again.</summary>
    public void Close(Guid sessionId)
    {
        var now = clock.GetUtcNow();
        _revoked[sessionId] = now;
        foreach (var (id, at) in _revoked)
            if (now - at > RememberRevoked) _revoked.TryRemove(new KeyValuePair<Guid, DateTimeOffset>(id, at));
        foreach (var (_, (session, connection)) in _open)
            if (session == sessionId) connection.Abort();
    }
}
