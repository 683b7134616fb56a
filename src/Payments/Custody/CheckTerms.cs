using Mediator;
using Microsoft.EntityFrameworkCore;
using OpenChat.Chain.Kernel;
using OpenChat.Chain.Messaging;
using OpenChat.Chain.Messaging.Chats;
using OpenChat.Chain.Wallet;
using OpenChat.Chain.Wallet.Chain;
using OpenChat.Chain.Wallet.Envelopes;
using OpenChat.Chain.Wallet.Keys;
using OpenChat.Chain.Wallet.Sending;
using OpenChat.Chain.Wallet.Transfers;

namespace OpenChat.Chain.Payments.Custody;

/// <summary>Why terms were refused, and the request field to blame (the host answers with both).</summary>
public sealed record Refusal(Error Error, string Field);

/// <summary>
/// The rules an action applies to its own terms, applied before any confirmation is asked: the owner is never prompted
/// for something that would be refused anyway, and no ceremony is stored for it. Amount format and range, the balance
/// where the chain answers, envelope shares and expiry, chat membership and recipients, addresses, the passkey named.
/// </summary>
public sealed class CheckTerms(IMediator mediator, MessagingDb users, WalletDb wallet, WalletKeys keys, ChainStatus chain,
    EnvelopeRules envelopes, Recipients recipients, IOwnerProof proof, Flow.AccountIndexes accounts)
{
    public async Task<Refusal?> CheckAsync(Guid userId, PaymentTerms terms, CancellationToken ct)
    {
        if (terms.Kind is not (PaymentKind.ExportKey or PaymentKind.PasskeyAdd or PaymentKind.PasskeyRename or PaymentKind.PasskeyRemove)
            && (string.IsNullOrWhiteSpace(terms.IdempotencyKey) || terms.IdempotencyKey.Length > 100))
            return new(WalletErrors.IdempotencyKeyMissing, "idempotencyKey");
        if (terms.Token is not null && !terms.Token.Equals("CHAT", StringComparison.OrdinalIgnoreCase)) return new(WalletErrors.UnknownToken, "token");

        System.Numerics.BigInteger amount = 0;
        if (terms.MovesCoins)
        {
            var parsed = Coins.Parse(terms.Amount);
            if (parsed.Error is { } invalid) return new(invalid, "amount");
            amount = parsed.Value;
        }
        if (terms.Kind == PaymentKind.Threshold && terms.Amount is not "0" && Coins.Parse(terms.Amount).Error is { } badThreshold)
            return new(badThreshold, "amount");

        // A circle payment is how one joins: the payer need not be a member yet (the circle's own rules apply there).
        if (terms.Kind is PaymentKind.Transfer or PaymentKind.Tip or PaymentKind.Envelope)
        {
            var members = await mediator.Send(new GetMemberIds(userId, terms.ChatId), ct);
            if (members.Error is { } notMember) return new(notMember, "chatId");
            // Issue 18: the payment step refuses words sent with a payment into a private chat, so the confirmation does first.
            if (terms.Kind is PaymentKind.Transfer or PaymentKind.Envelope && !string.IsNullOrEmpty(terms.Note)
                && await mediator.Send(new IsPrivateChat(terms.ChatId), ct))
                return terms.Kind == PaymentKind.Envelope ? new(PaymentErrors.GreetingInPrivateChat, "greeting") : new(PaymentErrors.NoteInPrivateChat, "note");
            if (terms.Kind == PaymentKind.Transfer)
            {
                if ((terms.ToUserId is null) == (terms.ToAddress is null)) return new(PaymentErrors.RecipientMissing, "toUserId");
                if (terms.ToUserId is { } to && (!members.Value!.Contains(to) || to == userId)) return new(PaymentErrors.RecipientNotInChat, "toUserId");
                if (terms.ToAddress is { } address && await RecipientAsync(address, terms, "toAddress", ct) is { } refused) return refused;
            }
            if (terms.Kind == PaymentKind.Tip)
            {
                // TipMessage's own rule: another person's live message in this chat.
                if (terms.MessageId is not { } messageId) return new(PaymentErrors.TipMessageMissing, "messageId");
                var message = await mediator.Send(new OpenChat.Chain.Messaging.Messages.GetMessage(userId, terms.ChatId, messageId), ct);
                if (message.Error is { } hidden) return new(hidden, "messageId");
                if (!Tips.TipMessageHandler.CanTip(message.Value!, userId)) return new(PaymentErrors.CannotTip, "messageId");
            }
            if (terms.Kind == PaymentKind.Envelope)
            {
                if (terms.Shares is not { } shares) return new(WalletErrors.EnvelopeShares.With("Say how many shares"), "shares");
                if (terms.Split is not ("equal" or "random")) return new(PaymentErrors.EnvelopeSplit, "split");
                if (terms.ExpiresAt is { } expires && await envelopes.CheckAsync(amount, shares, expires, ct, fair: terms.Split == "random") is { } rule)
                    return new(rule, rule.Code.Contains("expiry") ? "expiresAt" : rule.Code.Contains("shares") ? "shares" : "amount");
            }
        }

        if (terms.Kind is PaymentKind.WalletTransfer or PaymentKind.Withdraw)
        {
            await ReadAheadAsync(userId, terms, ct);
            if (await RecipientAsync(terms.ToAddress, terms, "to", ct) is { } refused) return refused;
        }
        if (terms.Kind == PaymentKind.Delegate && Addresses.Parse(terms.Delegatee).Error is { } badDelegatee) return new(badDelegatee, "toAddress");

        if (terms.MovesCoins || terms.Kind == PaymentKind.Withdraw)
        {
            if (await BalanceAsync(userId, terms.Kind == PaymentKind.Withdraw ? 1 : amount, ct) is { } shortfall) return new(shortfall, "amount");
        }

        return await proof.CheckDeviceAsync(userId, terms, ct);
    }

    async Task<Refusal?> RecipientAsync(string? text, PaymentTerms terms, string field, CancellationToken ct)
    {
        var address = Addresses.Parse(text);
        if (address.Error is { } invalid)
            return new(text is not null && text.Length == 42 && text[2..].All(c => c == '0') ? RecipientErrors.ZeroAddress : invalid, field);
        return await recipients.CheckAsync(address.Value!, terms.AcknowledgeContractRecipient is true, ct,
            ChainReads.RecipientHasCode(wallet, address.Value!)) is { } refused ? new(refused, field) : null;
    }

    /// <summary>Refuses what the balance cannot cover now; when the chain does not answer, the action itself decides.</summary>
    async Task<Error?> BalanceAsync(Guid userId, System.Numerics.BigInteger amount, CancellationToken ct)
    {
        if (chain.Connection is not { } connection || await accounts.OfAsync(users, userId, ct) is not { } account || keys.Wallet is not { } hd) return null;
        try
        {
            var available = await connection.AvailableAsync(wallet, account, hd.AddressOf(account), ct);
            if (available < amount)
                return WalletErrors.InsufficientBalance.With(amount == 1 && available.Sign <= 0 ? "Nothing to withdraw"
                    : $"Available {Coins.Format(System.Numerics.BigInteger.Max(available, 0))} CHAT");
            return null;
        }
        catch (Exception e) when (ChainReads.IsOutage(e))
        {
            return null;
        }
    }

    /// <summary>
    /// The recipient's code and the balance in one read of the chain (Wallet's AccountReads), kept for this unit of work:
    /// the recipient and balance checks below, and the use case after them, ask it instead of the chain (issue 20: a wallet
    /// transfer POST made four RPCs). An outage here is left to those checks, which decide as before.
    /// </summary>
    async Task ReadAheadAsync(Guid userId, PaymentTerms terms, CancellationToken ct)
    {
        if (chain.Connection is not { } connection || await accounts.OfAsync(users, userId, ct) is not { } account || keys.Wallet is not { } hd) return;
        var recipient = terms.AcknowledgeContractRecipient is true ? null : Addresses.Parse(terms.ToAddress).Value;
        try
        {
            await connection.AvailableAsync(wallet, account, hd.AddressOf(account), ct, codeOf: recipient);
        }
        catch (Exception e) when (ChainReads.IsOutage(e))
        {
            // Nothing kept: the checks that follow ask the chain themselves and decide as they do in an outage.
        }
    }
}
