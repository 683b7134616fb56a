using Mediator;
using Microsoft.EntityFrameworkCore;
using OpenChat.Chain.Kernel;
using OpenChat.Chain.Messaging.Messages;
using OpenChat.Chain.Payments.Custody;
using OpenChat.Chain.Wallet.Sending;
using OpenChat.Chain.Wallet.Transfers;

namespace OpenChat.Chain.Payments.Flow;

/// <summary>
/// The steps of a payment made from a chat, each safe to repeat: record the link, enqueue the wallet row (same
/// idempotency key), post the message (same client id), and follow the wallet row into the chat. What a step does for a
/// kind of payment is the kind's own (<see cref="IPaymentKind"/>); the use cases run the steps in order and
/// <see cref="PaymentReconciler"/> runs whatever a crash left undone.
/// </summary>
public sealed class PaymentSteps(PaymentsDb db, PayerAccounts accounts, IMediator mediator, IEnumerable<IPaymentKind> kinds, TimeProvider clock)
{
    readonly Dictionary<PaymentRole, IPaymentKind> _kinds = kinds.ToDictionary(k => k.Role);

    public IPaymentKind KindOf(PaymentLink link) => _kinds.TryGetValue(link.Role, out var kind) ? kind
        : throw new InvalidOperationException($"link {link.Id}: no kind registered for {link.Role}");

    /// <summary>The link for (user, key), stored now unless an earlier request stored it (then that one, and false).</summary>
    /// <param name="known">False when the caller has just looked for an earlier link: the unique index still catches a race.</param>
    public async Task<(PaymentLink Link, bool Created)> RecordAsync(PaymentLink link, CancellationToken ct, bool known = true)
    {
        if (known && await FindAsync(link.UserId, link.IdempotencyKey, ct) is { } earlier) return (earlier, false);
        db.Links.Add(link);
        try
        {
            await db.SaveChangesAsync(ct);
            return (link, true);
        }
        catch (DbUpdateException)
        {
            db.Entry(link).State = EntityState.Detached; // a concurrent retry with the same key won
            return (await FindAsync(link.UserId, link.IdempotencyKey, ct) ?? throw new InvalidOperationException($"link {link.Id} lost"), false);
        }
    }

    public Task<PaymentLink?> FindAsync(Guid userId, string key, CancellationToken ct) =>
        db.Links.FirstOrDefaultAsync(l => l.UserId == userId && l.IdempotencyKey == key, ct);

    /// <summary>
    /// Steps 1 and 2 of a request that found no earlier link: the link stored and, when this request stored it, its wallet
    /// row enqueued (null otherwise: a concurrent retry won, and answers). A first try the wallet refuses (bad input, a
    /// short balance) leaves nothing behind.
    /// </summary>
    public async Task<(PaymentLink Link, bool Created, Result<TransferView>? Transfer)> StartAsync(PaymentLink link, CancellationToken ct)
    {
        (link, var created) = await RecordAsync(link, ct, known: false);
        if (!created) return (link, false, null);
        var sent = await EnqueueAsync(link, ct);
        if (sent.Error is not null) await ForgetAsync(link, ct);
        return (link, true, sent);
    }

    /// <summary>Drops a link whose payment the wallet refused on first try: bad input stores nothing.</summary>
    public async Task ForgetAsync(PaymentLink link, CancellationToken ct)
    {
        db.Links.Remove(link);
        await db.SaveChangesAsync(ct);
    }

    /// <summary>Step 2: the wallet row, with the link's own key (a link that has its row reads it back).</summary>
    public async Task<Result<TransferView>> EnqueueAsync(PaymentLink link, CancellationToken ct)
    {
        var account = await accounts.AccountOfAsync(link.UserId, ct);
        if (link.TransferId is { } existing) return await mediator.Send(new GetTransfer(account, existing), ct);
        var sent = await KindOf(link).EnqueueAsync(link, PaymentTerms.FromJson(link.Terms), account, ct);
        if (sent.Error is { } error) return error;
        link.Enqueued(sent.Value!.Transfer.Id);
        await db.SaveChangesAsync(ct);
        return sent.Value.Transfer;
    }

    /// <summary>
    /// Steps 3 and 4: the message that shows the payment posted once (kinds that have one; claims and refunds change the
    /// envelope's), then the wallet row as it is now followed into the chat. A message posted just now already shows a row
    /// that is not final (the kinds post what following would write), so only a final row is followed after a post. The
    /// post's refusal, if any: a request stops there; the reconciler (<paramref name="resuming"/>) follows the row anyway, so
    /// the payment still settles.
    /// </summary>
    public async Task<Error?> ShowAsync(PaymentLink link, TransferView transfer, CancellationToken ct, bool resuming = false)
    {
        var kind = KindOf(link);
        var terms = PaymentTerms.FromJson(link.Terms);
        var final = transfer.Status is TransferStatus.Confirmed or TransferStatus.Failed;
        var posted = link.MessageId is null ? await kind.PostAsync(link, terms, transfer, ct) : null;
        if (posted?.Error is { } refused && !resuming) return refused;
        if (posted?.Value is { } message) link.Posted(message.Id);
        if (final || (link.LastStatus != transfer.Status.ToString() && posted?.Value is null)) await kind.FollowAsync(link, terms, transfer, ct);
        link.Observed(transfer.Status.ToString(), final);
        await db.SaveChangesAsync(ct); // EF writes nothing when nothing changed
        return posted?.Error;
    }

    /// <summary>Whether the link still waits for its own message (a kind that posts one, not posted yet).</summary>
    public bool AwaitsMessage(PaymentLink link) => link.MessageId is null && KindOf(link).Posts;

    public DateTimeOffset Now => clock.GetUtcNow();
}
