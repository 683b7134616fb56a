using System.Globalization;
using System.Numerics;
using System.Text.Json;
using System.Text.Json.Nodes;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Nethereum.Hex.HexConvertors.Extensions;
using OpenChat.Chain.Api.Users;
using OpenChat.Chain.Kernel;
using OpenChat.Chain.Messaging;
using OpenChat.Chain.Messaging.Messages;
using OpenChat.Chain.Wallet.Circles;
using OpenChat.Chain.Wallet.Envelopes;
using OpenChat.Chain.Wallet.Keys;
using OpenChat.Chain.Wallet.Sending;
using OpenChat.Chain.Wallet.Tips;
using OpenChat.Chain.Wallet.Transfers;

namespace OpenChat.Chain.Api.Payments;

/// <summary>
/// The steps of a payment made from a chat, each safe to repeat: record the link, enqueue the wallet row (same
/// idempotency key), post the message (same client id), and follow the wallet row into the message's payload. The use
/// cases run them in order; <see cref="PaymentReconciler"/> runs whatever a crash left undone.
/// </summary>
public sealed class PaymentSteps(PaymentsDb db, MessagingDb users, WalletKeys keys, IMediator mediator, Circles.CircleSteps circles, TimeProvider clock)
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

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

    /// <summary>Step 2: the wallet row, with the link's own key (a repeat finds the first row).</summary>
    public async Task<Result<TransferView>> EnqueueAsync(PaymentLink link, CancellationToken ct)
    {
        if (link.TransferId is { } existing)
            return Result<TransferView>.Of((await mediator.Send(new GetTransfer(await AccountOfAsync(link.UserId, ct), existing), ct)).Value!);
        var account = await AccountOfAsync(link.UserId, ct);
        var terms = PaymentTerms.FromJson(link.Terms);
        Result<SentTransfer> sent = link.Role switch
        {
            PaymentRole.Transfer => await mediator.Send(new SendTransfer(account, link.IdempotencyKey,
                terms.ToAddress ?? await AddressOfAsync(terms.ToUserId!.Value, ct), terms.Amount, terms.Token), ct),
            PaymentRole.Tip => await mediator.Send(new SendTip(account, link.IdempotencyKey, await AddressOfAsync(terms.ToUserId!.Value, ct),
                terms.Amount, MessageRef(terms.MessageId!.Value)), ct),
            PaymentRole.EnvelopeCreate => await mediator.Send(new CreateEnvelope(account, link.IdempotencyKey, terms.Amount, terms.Shares ?? 0,
                terms.Split == "equal", terms.ExpiresAt!.Value, MessageRef(link.ClientMessageId)), ct),
            PaymentRole.EnvelopeClaim => await mediator.Send(new ClaimEnvelope(account, link.IdempotencyKey["claim:".Length..]), ct),
            PaymentRole.EnvelopeRefund => await mediator.Send(new RefundEnvelope(account, link.IdempotencyKey["refund:".Length..]), ct),
            PaymentRole.CircleRegister => await mediator.Send(new RegisterCircle(account, link.IdempotencyKey, Coins.Parse(terms.Price).Value,
                (ulong)terms.PeriodSeconds!.Value, MessageRef(terms.ChatId)), ct),
            PaymentRole.CirclePay => await mediator.Send(new PayCircle(account, link.IdempotencyKey, terms.CircleId!, (ulong)terms.Periods!.Value,
                Coins.Parse(terms.Price).Value), ct),
            PaymentRole.CirclePrice => await mediator.Send(new ManageCircle(account, link.IdempotencyKey, CircleChange.Price, terms.CircleId!,
                Coins.Parse(terms.Price).Value), ct),
            PaymentRole.CircleClose => await mediator.Send(new ManageCircle(account, link.IdempotencyKey, CircleChange.Close, terms.CircleId!), ct),
            PaymentRole.CircleSettle => await mediator.Send(new ManageCircle(account, link.IdempotencyKey, CircleChange.Settle, terms.CircleId!,
                Members: terms.Members), ct),
            _ => throw new InvalidOperationException($"link {link.Id}: role {link.Role}"),
        };
        if (sent.Error is { } error) return error;
        link.Enqueued(sent.Value!.Transfer.Id);
        await db.SaveChangesAsync(ct);
        return sent.Value.Transfer;
    }

    /// <summary>Step 3: the message that shows the payment (claims and refunds change the envelope's message instead).</summary>
    public async Task<Result<MessageView>?> PostAsync(PaymentLink link, TransferView transfer, CancellationToken ct)
    {
        if (link.MessageId is not null || link.Role is not (PaymentRole.Transfer or PaymentRole.Tip or PaymentRole.EnvelopeCreate)) return null;
        var terms = PaymentTerms.FromJson(link.Terms);
        var amount = Coins.Format(Coins.Parse(terms.Amount).Value);
        var (kind, payload) = link.Role switch
        {
            PaymentRole.Transfer => (MessageKind.Transfer, new JsonObject
            {
                ["transferId"] = transfer.Id, ["amount"] = amount, ["token"] = "CHAT", ["fromUserId"] = link.UserId,
                ["toUserId"] = terms.ToUserId, ["to"] = transfer.To,
            }),
            PaymentRole.Tip => (MessageKind.Tip, new JsonObject
            {
                ["transferId"] = transfer.Id, ["amount"] = amount, ["token"] = "CHAT", ["fromUserId"] = link.UserId,
                ["toUserId"] = terms.ToUserId, ["messageId"] = terms.MessageId,
            }),
            _ => (MessageKind.RedEnvelope, new JsonObject
            {
                ["transferId"] = transfer.Id, ["total"] = amount, ["token"] = "CHAT", ["shares"] = terms.Shares, ["split"] = terms.Split,
                ["expiresAt"] = terms.ExpiresAt, ["claims"] = new JsonArray(), ["claimed"] = "0",
            }),
        };
        Track(payload, transfer);
        var posted = await mediator.Send(new PostPaymentMessage(link.ChatId, link.UserId, link.ClientMessageId, kind, Note(link),
            payload.ToJsonString(Json), link.Role == PaymentRole.Tip ? terms.MessageId : null), ct);
        if (posted.Value is { } message)
        {
            link.Posted(message.Id);
            await db.SaveChangesAsync(ct);
        }
        return posted;
    }

    /// <summary>Step 4: the wallet row as it is now, into the message(s) it shows in. True once the row is final.</summary>
    public async Task<bool> FollowAsync(PaymentLink link, TransferView transfer, CancellationToken ct)
    {
        var final = transfer.Status is TransferStatus.Confirmed or TransferStatus.Failed;
        if (link.LastStatus == transfer.Status.ToString() && !final) return false;
        switch (link.Role)
        {
            case PaymentRole.Transfer:
                await ChangeAsync(link.MessageId, p => Track(p, transfer), ct);
                break;
            case PaymentRole.Tip:
                await ChangeAsync(link.MessageId, p => Track(p, transfer), ct);
                if (transfer.Status == TransferStatus.Confirmed) await AddTipAsync(link, transfer, ct);
                break;
            case PaymentRole.EnvelopeCreate:
                if (transfer.Status == TransferStatus.Confirmed && transfer.Outcome is { } id) link.EnvelopeCreated(id);
                if (transfer.Status == TransferStatus.Failed) link.Close();
                await ChangeAsync(link.MessageId, p =>
                {
                    Track(p, transfer);
                    p["envelopeId"] = link.EnvelopeId;
                    p["state"] = transfer.Status switch
                    {
                        TransferStatus.Confirmed => "open", TransferStatus.Failed => "failed", _ => "pending",
                    };
                }, ct);
                break;
            case PaymentRole.EnvelopeClaim when transfer.Status == TransferStatus.Confirmed:
                await ChangeAsync(link.TargetMessageId, p => AddClaim(p, link.UserId, transfer), ct);
                break;
            case PaymentRole.EnvelopeRefund when transfer.Status == TransferStatus.Confirmed:
                await ChangeAsync(link.TargetMessageId, p =>
                {
                    p["state"] = "refunded";
                    p["refunded"] = Coins.Format(BigInteger.Parse(transfer.Outcome ?? "0", CultureInfo.InvariantCulture));
                    p["refundTxHash"] = transfer.TxHash;
                }, ct);
                break;
            case PaymentRole.CircleRegister or PaymentRole.CirclePay or PaymentRole.CirclePrice or PaymentRole.CircleClose or PaymentRole.CircleSettle
                when transfer.Status == TransferStatus.Confirmed:
                await circles.ConfirmedAsync(link, PaymentTerms.FromJson(link.Terms), transfer, ct);
                break;
        }
        link.Observed(transfer.Status.ToString(), final);
        await db.SaveChangesAsync(ct);
        return final;
    }

    static void Track(JsonObject payload, TransferView transfer)
    {
        payload["status"] = transfer.Status.ToString();
        payload["txHash"] = transfer.TxHash;
        payload["blockNumber"] = transfer.BlockNumber;
        payload["failureReason"] = transfer.FailureReason;
    }

    static void AddClaim(JsonObject envelope, Guid userId, TransferView claim)
    {
        var claims = envelope["claims"] as JsonArray ?? [];
        if (claims.Any(c => c?["userId"]?.GetValue<Guid>() == userId)) return;
        var share = BigInteger.Parse(claim.Outcome ?? "0", CultureInfo.InvariantCulture);
        claims.Add(new JsonObject { ["userId"] = userId, ["amount"] = Coins.Format(share), ["units"] = share.ToString(), ["txHash"] = claim.TxHash });
        envelope["claims"] = claims;
        var units = claims.Select(c => BigInteger.Parse(c!["units"]!.GetValue<string>(), CultureInfo.InvariantCulture)).ToList();
        envelope["claimed"] = Coins.Format(units.Aggregate(BigInteger.Zero, (a, b) => a + b));
        // WeChat's 手气最佳: the largest share, the earliest claimer on a tie.
        var best = claims.Select((c, i) => (c, i)).OrderByDescending(x => units[x.i]).ThenBy(x => x.i).First().c!;
        envelope["luckiest"] = best["userId"]!.GetValue<Guid>();
        if (claims.Count >= envelope["shares"]!.GetValue<int>()) envelope["state"] = "empty";
    }

    async Task AddTipAsync(PaymentLink link, TransferView tip, CancellationToken ct)
    {
        var terms = PaymentTerms.FromJson(link.Terms);
        await ChangeAsync(terms.MessageId, p =>
        {
            var tips = p["tips"] as JsonObject ?? new JsonObject { ["total"] = "0", ["by"] = new JsonArray() };
            var by = (JsonArray)tips["by"]!;
            if (by.Any(t => t?["transferId"]?.GetValue<Guid>() == tip.Id)) return;
            by.Add(new JsonObject { ["userId"] = link.UserId, ["amount"] = tip.Amount, ["transferId"] = tip.Id });
            var total = Coins.Parse(tips["total"]!.GetValue<string>()).IsSuccess ? Coins.Parse(tips["total"]!.GetValue<string>()).Value : 0;
            tips["total"] = Coins.Format(total + Coins.Parse(tip.Amount).Value);
            p["tips"] = tips;
        }, ct);
    }

    async Task ChangeAsync(Guid? messageId, Action<JsonObject> change, CancellationToken ct)
    {
        if (messageId is not { } id) return;
        var payload = await users.Messages.AsNoTracking().Where(m => m.Id == id).Select(m => m.Payload).FirstOrDefaultAsync(ct);
        var json = (payload is null ? null : JsonNode.Parse(payload) as JsonObject) ?? new JsonObject();
        change(json);
        await mediator.Send(new ChangePaymentMessage(id, json.ToJsonString(Json)), ct);
    }

    static string? Note(PaymentLink link) => PaymentTerms.FromJson(link.Terms).Note;

    public Task<int> AccountOfAsync(Guid userId, CancellationToken ct) => users.RequiredAccountIndexAsync(userId, ct);

    public async Task<string> AddressOfAsync(Guid userId, CancellationToken ct)
    {
        var wallet = await keys.GetAsync(ct) ?? throw new InvalidOperationException("wallet keys not loaded");
        return wallet.AddressOf(await AccountOfAsync(userId, ct));
    }

    /// <summary>32 bytes naming a message on chain: the message id, left-padded (only this service reads them).</summary>
    public static string MessageRef(Guid messageId) => new byte[16].Concat(messageId.ToByteArray(bigEndian: true)).ToArray().ToHex(true);

    public DateTimeOffset Now => clock.GetUtcNow();
}
