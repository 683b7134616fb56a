namespace OpenChat.Chain.Messaging.Realtime;

/// <summary>Whether a user has a device online, and when the last one left (pushed to contacts, asked by a device).</summary>
public sealed record PresenceView(Guid UserId, bool Online, DateTimeOffset? LastSeen);
