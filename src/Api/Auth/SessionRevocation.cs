using OpenChat.Chain.Api.Realtime;
using OpenChat.Chain.Identity;
using OpenChat.Chain.Kernel;

namespace OpenChat.Chain.Api.Auth;

/// <summary>
/// Ends sessions on every instance at once (sign-out, a removed passkey): each instance drops the cached session and
/// closes the hub connections it opened, so a stolen token stops working everywhere, not after the cache's refresh.
/// Call it after the session rows are deleted: an instance that reads the row meanwhile cannot put it back.
/// </summary>
public sealed class SessionRevocation(SessionCache cache, HubSessions connections, IInstanceSignals signals) : IHostedService
{
    public const string Topic = "auth.session-revoked";

    public Task Revoke(Guid sessionId, CancellationToken ct) => signals.Publish(Topic, sessionId.ToString(), ct);

    // Subscribed at start, not on first use: an instance that never signed anyone out still hears the others.
    public Task StartAsync(CancellationToken cancellationToken)
    {
        signals.Subscribe(Topic, Forget);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    void Forget(string sessionId)
    {
        if (sessionId == IInstanceSignals.Everything) cache.Clear();
        else if (Guid.TryParse(sessionId, out var id))
        {
            cache.Revoke(id);
            connections.Close(id);
        }
    }
}
