using Microsoft.EntityFrameworkCore;

// In the root namespace: every reader of MessagingDb (the host, Payments) finds it without another using.
namespace OpenChat.Chain.Messaging;

/// <summary>Where a user's custodial wallet account sits on the HD path (Messaging assigns it at sign-up; Wallet signs with it).</summary>
public static class UserAccounts
{
    public static Task<int?> AccountIndexAsync(this MessagingDb users, Guid userId, CancellationToken ct) =>
        users.Users.AsNoTracking().Where(u => u.Id == userId).Select(u => (int?)u.WalletAccountIndex).FirstOrDefaultAsync(ct);

    /// <summary>The account of a user known to exist (the caller of an authorised request, a recorded payer).</summary>
    public static async Task<int> RequiredAccountIndexAsync(this MessagingDb users, Guid userId, CancellationToken ct) =>
        await users.AccountIndexAsync(userId, ct) ?? throw new InvalidOperationException($"user {userId} has no account");
}
