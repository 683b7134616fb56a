using System.Globalization;
using System.Numerics;
using System.Text.Json.Serialization;
using Mediator;
using OpenChat.Chain.Kernel;
using OpenChat.Chain.Messaging.Messages;
using OpenChat.Chain.Payments.Custody;
using OpenChat.Chain.Payments.Flow;
using OpenChat.Chain.Wallet.Envelopes;
using OpenChat.Chain.Wallet.Sending;
using OpenChat.Chain.Wallet.Transfers;

namespace OpenChat.Chain.Payments.Envelopes;

/// <summary>
/// A red envelope message's payload: its terms, its state ("pending", "open", "failed", "drawing", "empty", "refunded"),
/// the chain's envelope id once created, and each claim with the luckiest claimer (WeChat's 手气最佳). A Fair envelope's
/// claims have no amount until the reveal pays them ("drawing": every share taken, the draw not paid yet); the amounts
/// and the luckiest appear together, from the indexed payouts (<see cref="WithPayout"/>).
/// </summary>
public sealed record EnvelopePayload : PaymentPayload
{
    public Guid TransferId { get; init; }
    public string Total { get; init; } = "";
    public string Token { get; init; } = "CHAT";
    public int? Shares { get; init; }
    public string? Split { get; init; }
    public DateTimeOffset? ExpiresAt { get; init; }
    public IReadOnlyList<EnvelopeClaimView> Claims { get; init; } = [];
    public string Claimed { get; init; } = "0";
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] public bool Fair { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? EnvelopeId { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? State { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public Guid? Luckiest { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? Refunded { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? RefundTxHash { get; init; }

    /// <summary>A Fair envelope's payouts by claimer address (lower case), as the reveal paid them; kept so a claim seen after its payout still gets it.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public IReadOnlyDictionary<string, string>? Payouts { get; init; }

    /// <summary>The envelope as its creating wallet row stands: its status, the envelope id once known, and its state.</summary>
    public EnvelopePayload Showing(PaymentLink link, TransferView transfer) => Tracking<EnvelopePayload>(transfer) with
    {
        EnvelopeId = link.EnvelopeId,
        State = transfer.Status switch { TransferStatus.Confirmed => "open", TransferStatus.Failed => "failed", _ => "pending" },
    };

    /// <summary>The envelope with <paramref name="userId"/>'s confirmed claim added (once per member).</summary>
    public EnvelopePayload WithClaim(Guid userId, TransferView claim)
    {
        if (Claims.Any(c => c.UserId == userId)) return this;
        var address = claim.From.ToLowerInvariant();
        if (Fair)
            return (this with { Claims = [.. Claims, new EnvelopeClaimView(userId, null, null, claim.TxHash, address)] }).Tally();
        var share = BigInteger.Parse(claim.Outcome ?? "0", CultureInfo.InvariantCulture);
        return (this with
        {
            Claims = [.. Claims, new EnvelopeClaimView(userId, Coins.Format(share), share.ToString(CultureInfo.InvariantCulture), claim.TxHash, address)],
        }).Tally();
    }

    /// <summary>A Fair envelope's payout to <paramref name="claimer"/> (an indexed EnvelopeClaimed of the reveal or the equal settlement).</summary>
    public EnvelopePayload WithPayout(string claimer, BigInteger amount, string txHash)
    {
        if (!Fair) return this; // Random and Equal claims carry their share already
        var address = claimer.ToLowerInvariant();
        var payouts = new Dictionary<string, string>(Payouts ?? new Dictionary<string, string>()) { [address] = amount.ToString(CultureInfo.InvariantCulture) };
        return (this with
        {
            Payouts = payouts,
            Claims = [.. Claims.Select(c => c.Address == address && c.Units is null ? c with { Amount = Coins.Format(amount), Units = payouts[address], PayoutTxHash = txHash } : c)],
        }).Tally();
    }

    /// <summary>Claimed total, luckiest and state from the claims: a Fair envelope's only once every claim is paid.</summary>
    EnvelopePayload Tally()
    {
        var claims = Claims.Select(c => c.Units is null && c.Address is { } a && Payouts?.GetValueOrDefault(a) is { } paid
            ? c with { Amount = Coins.Format(BigInteger.Parse(paid, CultureInfo.InvariantCulture)), Units = paid } : c).ToList();
        var full = claims.Count >= (Shares ?? int.MaxValue);
        if (claims.Any(c => c.Units is null))
            return this with { Claims = claims, State = full ? "drawing" : State };
        var units = claims.Select(c => BigInteger.Parse(c.Units!, CultureInfo.InvariantCulture)).ToList();
        // WeChat's 手气最佳: the largest share, the earliest claimer on a tie.
        var best = claims.Count == 0 ? null : claims.Select((c, i) => (c, i)).OrderByDescending(x => units[x.i]).ThenBy(x => x.i).First().c;
        return this with
        {
            Claims = claims, Claimed = Coins.Format(units.Aggregate(BigInteger.Zero, (a, b) => a + b)), Luckiest = best?.UserId,
            State = full ? "empty" : State,
        };
    }
}

/// <summary>
/// One claim: Amount and Units are null while a Fair envelope's draw is pending ("your amount is drawn when the envelope
/// closes"). TxHash is the claim's; PayoutTxHash the reveal's that paid a Fair claim.
/// </summary>
public sealed record EnvelopeClaimView(Guid UserId, string? Amount, string? Units, string? TxHash, string? Address = null, string? PayoutTxHash = null);

/// <summary>
/// Dropping a red envelope (<see cref="DropEnvelope"/>): confirmed by the owner, shown as the envelope message; once the
/// chain creates it, the link keeps the envelope's id (claims and the refund act on it) and the message opens.
/// </summary>
public sealed class EnvelopeDrop(IMediator mediator, PaymentMessages messages) : IPaymentKind
{
    public PaymentRole Role => PaymentRole.EnvelopeCreate;
    public bool Confirmed => true;
    public bool Posts => true;

    public async Task<Result<SentTransfer>> EnqueueAsync(PaymentLink link, PaymentTerms terms, int account, CancellationToken ct) =>
        await mediator.Send(new CreateEnvelope(account, link.IdempotencyKey, terms.Amount, terms.Shares ?? 0, terms.Split == "equal",
            terms.ExpiresAt!.Value, PayerAccounts.MessageRef(link.ClientMessageId)), ct);

    public async Task<Result<MessageView>?> PostAsync(PaymentLink link, PaymentTerms terms, TransferView transfer, CancellationToken ct) =>
        await messages.PostAsync(link, MessageKind.RedEnvelope, terms.Note, new EnvelopePayload
        {
            TransferId = transfer.Id, Total = Coins.Format(Coins.Parse(terms.Amount).Value), Shares = terms.Shares, Split = terms.Split,
            ExpiresAt = terms.ExpiresAt, Fair = terms.Split != "equal", // the service creates every non-equal envelope Fair
        }.Showing(link, transfer), null, ct);

    public Task FollowAsync(PaymentLink link, PaymentTerms terms, TransferView transfer, CancellationToken ct)
    {
        if (transfer.Status == TransferStatus.Confirmed && transfer.Outcome is { } id) link.EnvelopeCreated(id);
        if (transfer.Status == TransferStatus.Failed) link.Close();
        return messages.ChangeAsync<EnvelopePayload>(link.MessageId, p => p.Showing(link, transfer), ct);
    }
}
