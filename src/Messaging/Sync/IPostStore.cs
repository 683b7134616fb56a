using OpenChat.Chain.Messaging.Messages;

namespace OpenChat.Chain.Messaging.Sync;

/// <summary>
/// Where the writer's group commits of new messages go: the database-specific half of <see cref="UpdateLog"/>.
/// A group is <see cref="Begin"/> (its transaction, holding the database-wide write lock, and the numbers it
/// continues from) then <see cref="Append"/> (the message, attachment, update-log and search-index rows and each
/// chat's last sequence, then commit, which releases the lock). SQLite: <see cref="SqlitePostStore"/>; PostgreSQL:
/// <see cref="PostgresPostStore"/>. Used by the writer loop only, never concurrently; disposing it rolls back a
/// group that was begun and not appended.
/// </summary>
public interface IPostStore : IAsyncDisposable
{
    /// <summary>
    /// True when other processes may write the same database (always on PostgreSQL; on SQLite when
    /// <see cref="MessagingOptions.SharedWriters"/> says so): every group then reads its numbers again under the lock.
    /// </summary>
    bool SharedWriters { get; }

    /// <summary>
    /// Opens the group's transaction under the database-wide write lock (so no other writer, in this process or
    /// another, numbers updates until this group commits), then reads the highest committed update id (0 for none)
    /// if asked and the last sequences of the given chats (a chat that does not exist is missing from the answer).
    /// </summary>
    Task<(long? LastUpdateId, IReadOnlyDictionary<Guid, long> LastSequences)> Begin(
        bool readLastUpdateId, IReadOnlyCollection<Guid> chatIds, CancellationToken ct);

    /// <summary>Stores the messages with their updates and the chats' new last sequences, and commits the group.</summary>
    Task Append(IReadOnlyList<(Message Message, ChatUpdate Update)> posts, IReadOnlyDictionary<Guid, long> lastSequences, CancellationToken ct);

    /// <summary>
    /// True when the database numbers a group itself, inside its commit (PostgreSQL: see <see cref="PostgresPostStore"/>):
    /// the writer then calls <see cref="Commit"/> instead of <see cref="Begin"/> and <see cref="Append"/>, and holds no
    /// lock across a round trip.
    /// </summary>
    bool NumbersOnCommit => false;

    /// <summary>
    /// Under the write lock, numbers the messages (each chat's next sequences in the list's order, and the next update
    /// ids), stores them with their update-log rows, attachments and search rows, and commits: one sequence and update id
    /// per message, in the list's order. The messages' own <see cref="Message.Sequence"/> is not read.
    /// </summary>
    Task<IReadOnlyList<(long Sequence, long UpdateId)>> Commit(IReadOnlyList<Message> messages, CancellationToken ct) =>
        throw new NotSupportedException("this store numbers in the writer (Begin, Append)");
}
