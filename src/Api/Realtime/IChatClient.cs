using OpenChat.Chain.Messaging.Realtime;
using OpenChat.Chain.Messaging.Sync;

namespace OpenChat.Chain.Api.Realtime;

/// <summary>What the server pushes to a connected device.</summary>
public interface IChatClient
{
    /// <summary>A committed change, numbered like /api/sync's updates.</summary>
    Task Update(ChatUpdateView update);

    /// <summary>Someone is typing in a chat (ephemeral: never stored).</summary>
    Task Typing(TypingView typing);

    Task Presence(PresenceView presence);

    /// <summary>One of the user's own passkeys was added, renamed or removed (see Identity's Devices).</summary>
    Task DevicesChanged(OpenChat.Chain.Identity.DevicesChangedView change);
}

public sealed record TypingView(Guid ChatId, Guid UserId);
