using System.Globalization;
using System.Numerics;
using System.Text.Json;
using Mediator;
using Microsoft.EntityFrameworkCore;
using OpenChat.Chain.Payments.Flow;
using OpenChat.Chain.Wallet.Contracts;
using OpenChat.Chain.Wallet.Indexer;

namespace OpenChat.Chain.Payments.Envelopes;

/// <summary>
/// A Fair envelope's claimers are paid by the reveal (or the equal settlement), a transaction of Wallet's keeper, not of
/// their own claim: this follows the indexed <c>EnvelopeClaimed</c> events and writes each payout into the envelope's
/// message (<see cref="EnvelopePayload.WithPayout"/>), so the amounts and the luckiest appear as soon as the chain paid them.
/// The cursor lives in memory: a restart reads the events again, and a payout written twice changes nothing.
/// </summary>
public sealed class EnvelopePayouts
{
    static readonly string[] Paid = ["EnvelopeClaimed"];
    long _cursor;

    public async Task FollowAsync(PaymentsDb db, IMediator mediator, PaymentMessages messages, CancellationToken ct)
    {
        foreach (var paid in await mediator.Send(new ListContractEvents(nameof(ChainContracts.RedEnvelope), Paid, _cursor), ct))
        {
            using var args = JsonDocument.Parse(paid.ArgsJson);
            var id = args.RootElement.GetProperty("id").GetString();
            var claimer = args.RootElement.GetProperty("claimer").GetString();
            var amount = BigInteger.Parse(args.RootElement.GetProperty("amount").GetString()!, CultureInfo.InvariantCulture);
            var messageId = await db.Links.AsNoTracking()
                .Where(l => l.Role == PaymentRole.EnvelopeCreate && l.EnvelopeId == id).Select(l => l.MessageId).FirstOrDefaultAsync(ct);
            if (messageId is not null && claimer is not null)
                await messages.ChangeAsync<EnvelopePayload>(messageId, p => p.WithPayout(claimer, amount, paid.TxHash), ct);
            _cursor = paid.Id;
        }
    }
}
