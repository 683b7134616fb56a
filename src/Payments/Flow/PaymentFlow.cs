using Microsoft.EntityFrameworkCore;
using OpenChat.Chain.Kernel;
using OpenChat.Chain.Payments.Custody;
using OpenChat.Chain.Wallet;
using OpenChat.Chain.Wallet.Sending;
using OpenChat.Chain.Wallet.Transfers;

namespace OpenChat.Chain.Payments.Flow;

/// <summary>What a payment request answers: the link, the wallet row and the chat message it shows in.</summary>
public sealed record PaymentView(Guid PaymentId, Guid? TransferId, Guid? MessageId, string Status, string? TxHash, string? FailureReason, bool Created);

/// <summary>
/// The order every payment from a chat follows: a retry with the same key answers with the first payment (no second
/// confirmation asked); otherwise the owner's confirmation is checked (for kinds that need one), the link recorded, the
/// wallet row enqueued once (bad input or a short balance: the link is dropped again, nothing stored), and the message
/// posted.
/// </summary>
public sealed class PaymentFlow(PaymentSteps steps, IOwnerProof confirmations, PaymentsDb db)
{
    public async Task<Result<PaymentView>> RunAsync(Guid userId, PaymentRole role, PaymentTerms terms, PaymentConfirmation? confirmation,
        Guid? targetMessageId, CancellationToken ct, string? envelopeId = null)
    {
        var earlier = await steps.FindAsync(userId, terms.IdempotencyKey!, ct);
        if (earlier is not null)
        {
            if (PaymentTerms.FromJson(earlier.Terms).Canonical() != terms.Canonical()) return WalletErrors.IdempotencyKeyReused;
            return await FinishAsync(earlier, created: false, ct);
        }
        var link = new PaymentLink(userId, terms.IdempotencyKey!, role, terms.ChatId, terms.ToJson(), targetMessageId, terms.ExpiresAt, steps.Now,
            envelopeId);
        if (steps.KindOf(link).Confirmed
            && (confirmation is not null || !await SessionSufficesAsync(userId, terms, ct))
            && await confirmations.Verify(userId, terms, confirmation, ct) is { } refused) return refused;

        (link, var created, var enqueued) = await steps.StartAsync(link, ct);
        if (enqueued?.Error is { } error) return error;
        return await FinishAsync(link, created, ct, enqueued?.Value);
    }

    /// <summary>
    /// An action the owner's session may take without a confirmation (registering a circle, its price, closing it): the
    /// link recorded and the wallet row enqueued; a first try the wallet refuses leaves nothing behind.
    /// </summary>
    public async Task<Result<PaymentView>> RecordAndEnqueueAsync(Guid userId, PaymentRole role, PaymentTerms terms, CancellationToken ct)
    {
        var (link, created) = await steps.RecordAsync(
            new PaymentLink(userId, terms.IdempotencyKey!, role, terms.ChatId, terms.ToJson(), null, null, steps.Now), ct);
        var sent = await steps.EnqueueAsync(link, ct);
        if (sent.Error is { } error)
        {
            if (created) await steps.ForgetAsync(link, ct);
            return error;
        }
        return new PaymentView(link.Id, sent.Value!.Id, null, sent.Value.Status.ToString(), sent.Value.TxHash, null, created);
    }

    /// <summary>The user chose to let their session pay amounts this small (see <see cref="PaymentPreference"/>).</summary>
    async Task<bool> SessionSufficesAsync(Guid userId, PaymentTerms terms, CancellationToken ct)
    {
        var preference = await db.Preferences.AsNoTracking().FirstOrDefaultAsync(p => p.UserId == userId, ct);
        var amount = Coins.Parse(terms.Amount);
        return preference is not null && amount.IsSuccess && amount.Value < preference.Threshold;
    }

    /// <param name="transfer">The wallet row when this request just enqueued it; read back otherwise.</param>
    async Task<Result<PaymentView>> FinishAsync(PaymentLink link, bool created, CancellationToken ct, TransferView? transfer = null)
    {
        if (link.FailureReason is { } reason) return new PaymentView(link.Id, link.TransferId, link.MessageId, "Refused", null, reason, created);
        if (transfer is null)
        {
            var read = await steps.EnqueueAsync(link, ct);
            if (read.Error is { } error) return error;
            transfer = read.Value!;
        }
        if (await steps.ShowAsync(link, transfer, ct) is { } postError) return postError;
        return new PaymentView(link.Id, link.TransferId, link.MessageId ?? link.TargetMessageId, transfer.Status.ToString(),
            transfer.TxHash, transfer.FailureReason, created);
    }
}
