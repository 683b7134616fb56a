using OpenChat.Chain.Messaging.Messages;

namespace OpenChat.Chain.Messaging.Search;

/// <summary>Full-text search over message text: SQLite FTS5 (<see cref="SqliteMessageSearch"/>) or PostgreSQL (<see cref="PostgresMessageSearch"/>).</summary>
public interface IMessageSearch
{
    /// <summary>Creates the index's storage if missing (called once at start).</summary>
    Task EnsureCreated(CancellationToken ct);

    /// <summary>Adds or replaces a message's text; runs inside the caller's transaction on the same connection.</summary>
    Task Index(Message message, CancellationToken ct);

    /// <summary>Adds new messages (a writer's group commit) inside the caller's transaction.</summary>
    Task Index(IReadOnlyList<Message> messages, CancellationToken ct);

    Task Remove(Guid messageId, CancellationToken ct);

    /// <summary>Message ids matching <paramref name="query"/> among the given chats, best first.</summary>
    Task<IReadOnlyList<Guid>> Find(IReadOnlyCollection<Guid> chatIds, string query, int limit, CancellationToken ct);
}
