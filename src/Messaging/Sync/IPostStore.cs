using OpenChat.Chain.Messaging.Messages;

namespace OpenChat.Chain.Messaging.Sync;

/// <summary>
/// Where the writer's group commits of new messages go: the database-specific half of <see cref="UpdateLog"/>.
/// The writer numbers messages and updates in memory and hands them over here in one call per group; an
/// implementation writes the message, attachment, update-log and search-index rows and each chat's last sequence
/// in one transaction, with statements it prepared once. SQLite: <see cref="SqlitePostStore"/>; a PostgreSQL
/// store does the same with COPY or multi-row inserts. Used by the writer loop only, never concurrently.
/// </summary>
public interface IPostStore : IAsyncDisposable
{
    /// <summary>The highest update id committed (0 for none).</summary>
    Task<long> LastUpdateId(CancellationToken ct);

    /// <summary>The chat's last message sequence committed; null when the chat does not exist.</summary>
    Task<long?> LastSequence(Guid chatId, CancellationToken ct);

    /// <summary>Stores the messages with their updates, and the chats' new last sequences, all or nothing.</summary>
    Task Append(IReadOnlyList<(Message Message, ChatUpdate Update)> posts, IReadOnlyDictionary<Guid, long> lastSequences, CancellationToken ct);
}
