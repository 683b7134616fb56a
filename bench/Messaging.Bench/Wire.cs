namespace OpenChat.Chain.Messaging.Bench;

// The service's JSON, only as far as the bench reads it (System.Text.Json skips the rest).
sealed record ChatReply(Guid Id);
sealed record SendMessageBody(Guid ClientMessageId, string? Text,
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)] string? Ciphertext = null);
sealed record CreateDirectChatBody(Guid UserId,
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingDefault)] bool Private = false);
sealed record CreateGroupBody(string Title, IReadOnlyList<Guid> MemberIds);

/// <summary>A hub push (ChatUpdateView), as a device reads it.</summary>
sealed record UpdatePush(long Id, Guid ChatId, string Kind, MessagePush? Message);
/// <param name="CreatedAt">When the service's writer took the message (it numbers and stamps it then): splits a push's latency at the service.</param>
sealed record MessagePush(Guid Id, long Sequence, Guid SenderId, Guid ClientMessageId, DateTimeOffset CreatedAt);
