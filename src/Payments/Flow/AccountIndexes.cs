using OpenChat.Chain.Kernel;
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
    // About 60 bytes an entry: far more users than one process serves at a time.
    readonly FixedFacts<Guid, int> _known = new(capacity: 200_000);

    public async Task<int?> OfAsync(MessagingDb users, Guid userId, CancellationToken ct) =>
        await _known.GetAsync(userId, users, static (users, userId, ct) => users.AccountIndexAsync(userId, ct), ct);

    /// <summary>The account of a user known to exist (the caller of an authorised request, a recorded payer).</summary>
    public async Task<int> RequiredAsync(MessagingDb users, Guid userId, CancellationToken ct) =>
        await OfAsync(users, userId, ct) ?? throw new InvalidOperationException($"user {userId} has no account");
}
