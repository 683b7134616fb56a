using Microsoft.EntityFrameworkCore;
using OpenChat.Chain.Wallet.Transfers;
using OpenChat.Chain.Payments.Flow;

namespace OpenChat.Chain.Payments.Custody;

/// <summary>
/// The gate every movement of value or authority outside the chat payments passes: its terms are checked, then the
/// owner's confirmation of exactly those terms is verified (one use, 2 minutes, their own passkey or key). Only a wallet
/// transfer below the owner's own threshold may go on the session alone; withdraw, export, delegation and device
/// changes always ask.
/// </summary>
public sealed class ConfirmAction(CheckTerms check, IOwnerProof confirmations, PaymentsDb payments)
{
    public async Task<Refusal?> RequireAsync(Guid userId, PaymentTerms terms, PaymentConfirmation? confirmation, CancellationToken ct)
    {
        if (await check.CheckAsync(userId, terms, ct) is { } refused) return refused;
        if (confirmation is null && terms.Kind == PaymentKind.WalletTransfer && await SessionSufficesAsync(userId, terms.Amount, ct)) return null;
        return await confirmations.Verify(userId, terms, confirmation, ct) is { } error ? new Refusal(error, "confirmation") : null;
    }

    /// <summary>The owner chose to let their session pay amounts this small (see <see cref="PaymentPreference"/>).</summary>
    async Task<bool> SessionSufficesAsync(Guid userId, string? amount, CancellationToken ct)
    {
        var preference = await payments.Preferences.AsNoTracking().FirstOrDefaultAsync(p => p.UserId == userId, ct);
        var units = Coins.Parse(amount);
        return preference is not null && units.IsSuccess && units.Value < preference.Threshold;
    }
}
