namespace OpenChat.Chain.Messaging.Bench;

// The service's JSON, only as far as the bench reads it (System.Text.Json skips the rest).
sealed record ChatReply(Guid Id);
sealed record SendMessageBody(Guid ClientMessageId, string Text);
sealed record CreateDirectChatBody(Guid UserId);
sealed record CreateGroupBody(string Title, IReadOnlyList<Guid> MemberIds);

/// <summary>A hub push (ChatUpdateView), as a device reads it.</summary>
sealed record UpdatePush(long Id, Guid ChatId, string Kind, MessagePush? Message);
sealed record MessagePush(Guid Id, long Sequence, Guid SenderId, Guid ClientMessageId);
