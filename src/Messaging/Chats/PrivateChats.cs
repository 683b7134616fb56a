using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;

namespace OpenChat.Chain.Messaging.Chats;

/// <summary>
/// Whether a chat is private, asked on every send. A chat is made private or not and never changes, so each instance
/// keeps the answers it has read (any number of instances agree) and a send makes no query for it.
/// </summary>
public sealed class PrivateChats
{
    const int MaxChats = 100_000;
    readonly ConcurrentDictionary<Guid, bool> _known = new();

    /// <summary>True for a private chat, false for a plain one, null for a chat that does not exist.</summary>
    public async ValueTask<bool?> IsPrivate(MessagingDb db, Guid chatId, CancellationToken ct)
    {
        if (_known.TryGetValue(chatId, out var known)) return known;
        var read = await db.Chats.AsNoTracking().Where(c => c.Id == chatId).Select(c => (bool?)c.IsPrivate).FirstOrDefaultAsync(ct);
        if (read is { } isPrivate)
        {
            if (_known.Count >= MaxChats) _known.Clear();
            _known[chatId] = isPrivate;
        }
        return read;
    }
}
