using Mediator;
using Microsoft.EntityFrameworkCore;
using OpenChat.Chain.Kernel;
using OpenChat.Chain.Wallet.Transfers;

namespace OpenChat.Chain.Payments.Custody;

/// <summary>
/// Sets the amount below which a payment needs no passkey. Raising it is itself confirmed with a passkey (a stolen
/// session must not be able to switch confirmations off); the terms bind the new amount.
/// </summary>
public sealed record ChangePaymentThreshold(Guid UserId, string? Amount, string? IdempotencyKey, PaymentConfirmation? Confirmation)
    : ICommand<Result<PaymentThresholdView>>;

public sealed record PaymentThresholdView(string SessionSufficesBelow);

public sealed class ChangePaymentThresholdHandler(PaymentsDb db, IOwnerProof confirmations, TimeProvider clock)
    : ICommandHandler<ChangePaymentThreshold, Result<PaymentThresholdView>>
{
    public async ValueTask<Result<PaymentThresholdView>> Handle(ChangePaymentThreshold command, CancellationToken ct)
    {
        var threshold = command.Amount is "0" ? Result<System.Numerics.BigInteger>.Of(0) : Coins.Parse(command.Amount);
        if (threshold.Error is { } invalid) return invalid;
        var terms = ThresholdTerms(command.Amount, command.IdempotencyKey);
        if (await confirmations.Verify(command.UserId, terms, command.Confirmation, ct) is { } refused) return refused;
        var preference = await db.Preferences.FirstOrDefaultAsync(p => p.UserId == command.UserId, ct);
        if (preference is null) db.Preferences.Add(preference = new PaymentPreference(command.UserId));
        preference.Change(threshold.Value, clock.GetUtcNow());
        await db.SaveChangesAsync(ct);
        return new PaymentThresholdView(Coins.Format(threshold.Value));
    }

    /// <summary>What the passkey confirms for a threshold change: kind, amount and key; no chat.</summary>
    public static PaymentTerms ThresholdTerms(string? amount, string? key) => new(PaymentKind.Threshold, Guid.Empty, amount, key);
}
