using System.Collections.Concurrent;
using OpenChat.Chain.Messaging;

namespace OpenChat.Chain.Payments.Flow;

/// <summary>
/// Users' custodial account indices, remembered by this process. An index is assigned once at sign-up and never changes
/// (User.WalletAccountIndex has no setter but the constructor, and users are never deleted), so a remembered answer stays
/// right on every instance without any invalidation; only found users are remembered. Every wallet request and every
/// payment check asked the database for it, the POST of a transfer twice (issue 20).
/// </summary>
public sealed class AccountIndexes
{
    // About 60 bytes an entry: far more users than one process serves at a time; past it, start over rather than grow.
    const int Capacity = 200_000;
    readonly ConcurrentDictionary<Guid, int> _known = new();

    public async Task<int?> OfAsync(MessagingDb users, Guid userId, CancellationToken ct)
    {
        if (_known.TryGetValue(userId, out var index)) return index;
        if (await users.AccountIndexAsync(userId, ct) is not { } found) return null;
        if (_known.Count >= Capacity) _known.Clear();
        _known[userId] = found;
        return found;
    }

    /// <summary>The account of a user known to exist (the caller of an authorised request, a recorded payer).</summary>
    public async Task<int> RequiredAsync(MessagingDb users, Guid userId, CancellationToken ct) =>
        await OfAsync(users, userId, ct) ?? throw new InvalidOperationException($"user {userId} has no account");
}
