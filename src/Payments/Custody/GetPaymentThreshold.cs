using Mediator;
using Microsoft.EntityFrameworkCore;
using OpenChat.Chain.Wallet.Transfers;

namespace OpenChat.Chain.Payments.Custody;

/// <summary>The amount below which the user's session alone may pay ("0": every payment asks).</summary>
public sealed record GetPaymentThreshold(Guid UserId) : IQuery<PaymentThresholdView>;

public sealed class GetPaymentThresholdHandler(PaymentsDb db) : IQueryHandler<GetPaymentThreshold, PaymentThresholdView>
{
    public async ValueTask<PaymentThresholdView> Handle(GetPaymentThreshold query, CancellationToken ct)
    {
        var threshold = (await db.Preferences.AsNoTracking().FirstOrDefaultAsync(p => p.UserId == query.UserId, ct))?.Threshold ?? 0;
        return new PaymentThresholdView(Coins.Format(threshold));
    }
}
