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
    public async Task<(PaymentLink Link, bool Created)> RecordAsync(PaymentLink link, CancellationToken ct)
    {
        var earlier = await FindAsync(link.UserId, link.IdempotencyKey, ct);
        if (earlier is not null) return (earlier, false);
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

    /// <summary>Step 3: the message that shows the payment, for kinds that have one (claims and refunds change the envelope's).</summary>
    public async Task<Result<MessageView>?> PostAsync(PaymentLink link, TransferView transfer, CancellationToken ct)
    {
        if (link.MessageId is not null) return null;
        var posted = await KindOf(link).PostAsync(link, PaymentTerms.FromJson(link.Terms), transfer, ct);
        if (posted?.Value is { } message)
        {
            link.Posted(message.Id);
            await db.SaveChangesAsync(ct);
        }
        return posted;
    }

    /// <summary>Step 4: the wallet row as it is now, into the chat. True once the row is final.</summary>
    public async Task<bool> FollowAsync(PaymentLink link, TransferView transfer, CancellationToken ct)
    {
        var final = transfer.Status is TransferStatus.Confirmed or TransferStatus.Failed;
        if (link.LastStatus == transfer.Status.ToString() && !final) return false;
        await KindOf(link).FollowAsync(link, PaymentTerms.FromJson(link.Terms), transfer, ct);
        link.Observed(transfer.Status.ToString(), final);
        await db.SaveChangesAsync(ct);
        return final;
    }

    /// <summary>Whether the link still waits for its own message (a kind that posts one, not posted yet).</summary>
    public bool AwaitsMessage(PaymentLink link) => link.MessageId is null && KindOf(link).Posts;

    public DateTimeOffset Now => clock.GetUtcNow();
}
