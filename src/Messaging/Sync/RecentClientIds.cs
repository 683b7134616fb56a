namespace OpenChat.Chain.Messaging.Sync;

/// <summary>
/// The (chat, client message id) pairs the writer committed last, at most <c>capacity</c> of them: a retried send is
/// recognised without a query, and only a retry reads its message back. Only the ids are kept, in arrays made once,
/// so remembering a message allocates nothing: whole message views kept here lived long enough to reach gen2 and
/// died there by the hundred thousand, which swung the service's RSS (issue 19, PROFILE.md "Memory").
/// </summary>
sealed class RecentClientIds(int capacity)
{
    readonly HashSet<(Guid ChatId, Guid ClientMessageId)> _known = new(capacity);
    readonly (Guid ChatId, Guid ClientMessageId)[] _order = new (Guid, Guid)[capacity]; // oldest is overwritten first
    readonly Lock _lock = new();
    int _next;

    public bool Contains(Guid chatId, Guid clientMessageId)
    {
        lock (_lock) return _known.Contains((chatId, clientMessageId));
    }

    public void Add(Guid chatId, Guid clientMessageId)
    {
        lock (_lock)
        {
            if (_known.Contains((chatId, clientMessageId))) return;
            if (_known.Count == capacity) _known.Remove(_order[_next]);
            _known.Add((chatId, clientMessageId));
            _order[_next] = (chatId, clientMessageId);
            _next = (_next + 1) % capacity;
        }
    }
}
