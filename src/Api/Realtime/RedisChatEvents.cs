using Microsoft.AspNetCore.SignalR;
using OpenChat.Chain.Messaging.Realtime;
using OpenChat.Chain.Messaging.Sync;

namespace OpenChat.Chain.Api.Realtime;

/// <summary>
/// Messaging's pushes over the Redis backplane, without waiting for Redis between them. The backplane sends a push as
/// one PUBLISH per user, and the writer's push loop awaited each push before the next: one Redis round trip per update,
/// so the loop fell behind at a rate a single instance pushes easily, and SendAdmission refused sends for the pushes
/// waiting. A push's PUBLISHes are queued on the one Redis connection when it is called, so calls made in order reach
/// Redis in order, and each instance hands a user's channel to its devices in that order: a device still receives
/// updates in id order. Up to <see cref="InFlight"/> pushes are on their way at once; a failure is logged, and the
/// device catches up by sync, as before.
/// </summary>
public sealed partial class RedisChatEvents(IHubContext<ChatHub, IChatClient> hub, ILogger<RedisChatEvents> logger) : IChatEvents
{
    /// <summary>Pushes sent and not yet acknowledged by Redis beyond which the push loop waits (and SendAdmission sees it).</summary>
    public const int InFlight = 1_024;

    readonly SemaphoreSlim _room = new(InFlight);

    public async Task Publish(IReadOnlyCollection<Guid> userIds, ChatUpdateView update, CancellationToken ct)
    {
        if (userIds.Count == 0) return;
        await _room.WaitAsync(ct);
        Task sent;
        try
        {
            sent = hub.Clients.Users(userIds.Select(id => id.ToString()).ToList()).Update(update);
        }
        catch
        {
            _room.Release();
            throw;
        }
        _ = Acknowledged(sent, update.Id);
    }

    async Task Acknowledged(Task sent, long updateId)
    {
        try
        {
            await sent;
        }
        catch (Exception e)
        {
            // The update is committed: a device that missed this push gets it from /api/sync.
            LogPushFailed(logger, updateId, e);
        }
        finally
        {
            _room.Release();
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Push of update {UpdateId} through Redis failed; devices will catch up by sync")]
    static partial void LogPushFailed(ILogger logger, long updateId, Exception exception);
}
