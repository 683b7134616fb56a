using OpenChat.Chain.Kernel;
using OpenChat.Chain.Messaging.Sync;

namespace OpenChat.Chain.Messaging.Messages;

/// <summary>
/// The one way a message enters a chat (typed by a person, forwarded, or posted by a payment or a proposal):
/// the writer gives it the next sequence number, an update-log entry and a search index row in one
/// transaction with the other messages queued with it, then pushes it to the members.
/// </summary>
public sealed class PostMessage(UpdateLog log)
{
    public sealed record Draft(Guid ChatId, Guid SenderId, Guid ClientMessageId, MessageKind Kind, string? Text,
        IReadOnlyList<string> MediaIds, Guid? ReplyToId, Guid? ForwardedFromId, string? Payload);

    /// <summary>For messages the service posts itself (payments, notices): waits for room in the writer's queue.</summary>
    public async Task<MessageView> Post(Draft draft, CancellationToken ct) => (await log.Post(draft, waitForRoom: true, ct)).Value!;

    /// <summary>A person's send: refused at once with <see cref="UpdateLog.Busy"/> when the writer is overloaded.</summary>
    public Task<Result<MessageView>> TryPost(Draft draft, CancellationToken ct) => log.Post(draft, waitForRoom: false, ct);

    /// <summary>The message an earlier send with this client id stored (its current state), if the writer still remembers it.</summary>
    public ValueTask<MessageView?> Recent(MessagingDb db, Guid chatId, Guid clientMessageId, CancellationToken ct) => log.Recent(db, chatId, clientMessageId, ct);
}
