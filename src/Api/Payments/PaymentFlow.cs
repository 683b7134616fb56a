using Microsoft.EntityFrameworkCore;
using OpenChat.Chain.Kernel;
using OpenChat.Chain.Wallet;
using OpenChat.Chain.Wallet.Sending;

namespace OpenChat.Chain.Api.Payments;

/// <summary>What a payment request answers: the link, the wallet row and the chat message it shows in.</summary>
public sealed record PaymentView(Guid PaymentId, Guid? TransferId, Guid? MessageId, string Status, string? TxHash, string? FailureReason, bool Created);

/// <summary>
/// The order every payment from a chat follows: a retry with the same key answers with the first payment (no second
/// confirmation asked); otherwise the passkey confirmation is checked, the link recorded, the wallet row enqueued (bad
/// input or a short balance: the link is dropped again, nothing stored), and the message posted.
/// </summary>
public sealed class PaymentFlow(PaymentSteps steps, PaymentConfirmations confirmations, PaymentsDb db)
{
    public async Task<Result<PaymentView>> RunAsync(Guid userId, PaymentRole role, PaymentTerms terms, PaymentConfirmation? confirmation,
        Guid? targetMessageId, CancellationToken ct)
    {
        var earlier = await steps.FindAsync(userId, terms.IdempotencyKey!, ct);
        if (earlier is not null)
        {
            if (PaymentTerms.FromJson(earlier.Terms).Canonical() != terms.Canonical()) return WalletErrors.IdempotencyKeyReused;
            return await FinishAsync(earlier, created: false, ct);
        }
        if (role is PaymentRole.Transfer or PaymentRole.Tip or PaymentRole.EnvelopeCreate or PaymentRole.CirclePay
            && (confirmation is not null || !await SessionSufficesAsync(userId, terms, ct))
            && await confirmations.Verify(userId, terms, confirmation, ct) is { } refused) return refused;

        var (link, created) = await steps.RecordAsync(
            new PaymentLink(userId, terms.IdempotencyKey!, role, terms.ChatId, terms.ToJson(), targetMessageId, terms.ExpiresAt, steps.Now), ct);
        if (created)
        {
            var enqueued = await steps.EnqueueAsync(link, ct);
            if (enqueued.Error is { } error)
            {
                await steps.ForgetAsync(link, ct);
                return error;
            }
        }
        return await FinishAsync(link, created, ct);
    }

    /// <summary>The user chose to let their session pay amounts this small (see <see cref="PaymentPreference"/>).</summary>
    async Task<bool> SessionSufficesAsync(Guid userId, PaymentTerms terms, CancellationToken ct)
    {
        var preference = await db.Preferences.AsNoTracking().FirstOrDefaultAsync(p => p.UserId == userId, ct);
        var amount = OpenChat.Chain.Wallet.Transfers.Coins.Parse(terms.Amount);
        return preference is not null && amount.IsSuccess && amount.Value < preference.Threshold;
    }

    async Task<Result<PaymentView>> FinishAsync(PaymentLink link, bool created, CancellationToken ct)
    {
        if (link.FailureReason is { } reason) return new PaymentView(link.Id, link.TransferId, link.MessageId, "Refused", null, reason, created);
        var transfer = await steps.EnqueueAsync(link, ct);
        if (transfer.Error is { } error) return error;
        var posted = await steps.PostAsync(link, transfer.Value!, ct);
        if (posted?.Error is { } postError) return postError;
        await steps.FollowAsync(link, transfer.Value!, ct);
        return new PaymentView(link.Id, link.TransferId, link.MessageId ?? link.TargetMessageId, transfer.Value!.Status.ToString(),
            transfer.Value.TxHash, transfer.Value.FailureReason, created);
    }
}
