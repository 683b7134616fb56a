using Microsoft.EntityFrameworkCore;
using OpenChat.Chain.Kernel;

namespace OpenChat.Chain.Messaging.Chats;

/// <summary>
/// Whether a chat is private, asked on every send. A chat is made private or not and never changes, so each instance
/// keeps the answers it has read and a send makes no query for it.
/// </summary>
public sealed class PrivateChats
{
    readonly FixedFacts<Guid, bool> _known = new(capacity: 100_000);

    /// <summary>True for a private chat, false for a plain one, null for a chat that does not exist.</summary>
    public ValueTask<bool?> IsPrivate(MessagingDb db, Guid chatId, CancellationToken ct) =>
        _known.GetAsync(chatId, db, static (db, chatId, ct) =>
            db.Chats.AsNoTracking().Where(c => c.Id == chatId).Select(c => (bool?)c.IsPrivate).FirstOrDefaultAsync(ct), ct);
}
