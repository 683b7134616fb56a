using System.Security.Claims;
using Mediator;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using OpenChat.Chain.Api.Auth;
using OpenChat.Chain.Api.Custody;
using OpenChat.Chain.Messaging;
using OpenChat.Chain.Wallet.Keys;
using OpenChat.Chain.Kernel;

namespace OpenChat.Chain.Api.Payments;

/// <summary>Money inside the conversation: confirm, send, tip, drop and open red envelopes.</summary>
public static class PaymentEndpoints
{
    const string IdempotencyKeyHeader = "Idempotency-Key";
    public static readonly TimeSpan DefaultEnvelopeLifetime = TimeSpan.FromHours(24);

    public static IEndpointRouteBuilder MapPaymentEndpoints(this IEndpointRouteBuilder app)
    {
        var payments = app.MapGroup("/api").WithTags("Payments").RequireAuthorization();
        // One confirmation for every kind of action; /payments/confirmations is the route the chat payments started with.
        payments.MapPost("/confirmations", BeginConfirmation).RequireRateLimiting(ConfirmationRateLimit.Policy);
        payments.MapPost("/payments/confirmations", BeginConfirmation).RequireRateLimiting(ConfirmationRateLimit.Policy);
        payments.MapGet("/payments/threshold", GetThreshold);
        payments.MapPut("/payments/threshold", ChangeThreshold);
        payments.MapPost("/chats/{chatId:guid}/transfers", SendInChat);
        payments.MapPost("/chats/{chatId:guid}/messages/{messageId:guid}/tips", Tip);
        payments.MapPost("/chats/{chatId:guid}/envelopes", DropEnvelope);
        payments.MapPost("/chats/{chatId:guid}/envelopes/{messageId:guid}/open", OpenEnvelope);
        return app;
    }

    /// <summary>
    /// WebAuthn options whose challenge binds these exact terms (or EIP-712 typed data for a wallet account without a
    /// passkey), and the terms as the action must repeat them. Terms the action would refuse are refused here, before
    /// any prompt, and leave no ceremony behind.
    /// </summary>
    static async Task<Results<Ok<PaymentConfirmationOptions>, ProblemHttpResult>> BeginConfirmation(
        ConfirmationBody body, ClaimsPrincipal user, PaymentConfirmations confirmations, CheckTerms check, MessagingDb users, WalletKeys keys,
        TimeProvider clock, CancellationToken ct)
    {
        if (!Enum.IsDefined(body.Kind)) return Problems.Invalid("kind", "The kind of action to confirm");
        var chatKind = body.Kind is PaymentKind.Transfer or PaymentKind.Tip or PaymentKind.Envelope or PaymentKind.Circle;
        if (chatKind && body.ChatId is null) return Problems.Invalid("chatId", "The chat the payment is made in");
        var chatId = chatKind ? body.ChatId!.Value : Guid.Empty;
        var terms = body.Kind switch
        {
            PaymentKind.WalletTransfer => CustodyTerms.WalletTransfer(body.To ?? body.ToAddress, body.Amount, body.IdempotencyKey, body.Token, body.AcknowledgeContractRecipient),
            PaymentKind.Withdraw => CustodyTerms.Withdraw(body.To ?? body.ToAddress, body.IdempotencyKey, body.AcknowledgeContractRecipient),
            PaymentKind.ExportKey => CustodyTerms.ExportKey(body.IdempotencyKey),
            PaymentKind.Delegate => CustodyTerms.Delegate(await CustodyTerms.DelegateeAsync(body.ToUserId, body.ToAddress, users, keys, ct), body.IdempotencyKey),
            PaymentKind.PasskeyAdd => CustodyTerms.AddPasskey(body.Name, body.IdempotencyKey),
            PaymentKind.PasskeyRename => CustodyTerms.RenamePasskey(body.PasskeyId, body.Name),
            PaymentKind.PasskeyRemove => CustodyTerms.RemovePasskey(body.PasskeyId),
            _ => new PaymentTerms(body.Kind, chatId, body.Amount, body.IdempotencyKey, body.ToUserId, body.ToAddress, body.MessageId,
                body.Shares, body.Split, body.Kind == PaymentKind.Envelope ? body.ExpiresAt ?? clock.GetUtcNow().Add(DefaultEnvelopeLifetime).TruncateToSeconds() : null,
                Periods: body.Periods, Price: body.Price, CircleId: body.CircleId, AcknowledgeContractRecipient: body.AcknowledgeContractRecipient is true ? true : null),
        };
        var me = user.UserId();
        if (await check.CheckAsync(me, terms, ct) is { } refused) return refused.ToProblem();
        var options = await confirmations.Begin(me, terms, ct);
        if (options.Error is { } error) return error.ToProblem();
        return TypedResults.Ok(new PaymentConfirmationOptions(options.Value!.CeremonyId, options.Value.Options, terms, terms.Canonical(), options.Value.Method));
    }

    static async Task<Results<Accepted<PaymentView>, Ok<PaymentView>, ProblemHttpResult>> SendInChat(Guid chatId,
        [FromHeader(Name = IdempotencyKeyHeader)] string? key, TransferInChatBody body, ClaimsPrincipal user, IMediator mediator, CancellationToken ct) =>
        Answer(await mediator.Send(new SendInChat(user.UserId(),
            new PaymentTerms(PaymentKind.Transfer, chatId, body.Amount, key, body.ToUserId, body.ToAddress, Token: body.Token ?? "CHAT", Note: body.Note,
                AcknowledgeContractRecipient: body.AcknowledgeContractRecipient is true ? true : null),
            body.Confirmation), ct));

    static async Task<Results<Accepted<PaymentView>, Ok<PaymentView>, ProblemHttpResult>> Tip(Guid chatId, Guid messageId,
        [FromHeader(Name = IdempotencyKeyHeader)] string? key, TipBody body, ClaimsPrincipal user, IMediator mediator, CancellationToken ct) =>
        Answer(await mediator.Send(new TipMessage(user.UserId(),
            new PaymentTerms(PaymentKind.Tip, chatId, body.Amount, key, MessageId: messageId), body.Confirmation), ct));

    static async Task<Results<Accepted<PaymentView>, Ok<PaymentView>, ProblemHttpResult>> DropEnvelope(Guid chatId,
        [FromHeader(Name = IdempotencyKeyHeader)] string? key, EnvelopeBody body, ClaimsPrincipal user, IMediator mediator, CancellationToken ct) =>
        Answer(await mediator.Send(new DropEnvelope(user.UserId(),
            new PaymentTerms(PaymentKind.Envelope, chatId, body.Total, key, Shares: body.Shares, Split: body.Split, ExpiresAt: body.ExpiresAt,
                Note: body.Greeting), body.Confirmation), ct));

    static async Task<Results<Accepted<PaymentView>, Ok<PaymentView>, ProblemHttpResult>> OpenEnvelope(Guid chatId, Guid messageId,
        ClaimsPrincipal user, IMediator mediator, CancellationToken ct) =>
        Answer(await mediator.Send(new OpenEnvelope(user.UserId(), chatId, messageId), ct));

    static async Task<Ok<PaymentThresholdView>> GetThreshold(ClaimsPrincipal user, PaymentsDb db, CancellationToken ct)
    {
        var id = user.UserId();
        var threshold = (await db.Preferences.AsNoTracking().FirstOrDefaultAsync(p => p.UserId == id, ct))?.Threshold ?? 0;
        return TypedResults.Ok(new PaymentThresholdView(OpenChat.Chain.Wallet.Transfers.Coins.Format(threshold)));
    }

    static async Task<Results<Ok<PaymentThresholdView>, ProblemHttpResult>> ChangeThreshold(
        [FromHeader(Name = IdempotencyKeyHeader)] string? key, ThresholdBody body, ClaimsPrincipal user, IMediator mediator, CancellationToken ct) =>
        (await mediator.Send(new ChangePaymentThreshold(user.UserId(), body.SessionSufficesBelow, key, body.Confirmation), ct)).ToOkOrProblem();

    static Results<Accepted<PaymentView>, Ok<PaymentView>, ProblemHttpResult> Answer(Result<PaymentView> result)
    {
        if (result.Error is { } error) return error.ToProblem();
        return result.Value!.Created ? TypedResults.Accepted((string?)null, result.Value) : TypedResults.Ok(result.Value);
    }


    static DateTimeOffset TruncateToSeconds(this DateTimeOffset at) => DateTimeOffset.FromUnixTimeSeconds(at.ToUnixTimeSeconds());
}

/// <summary>The terms to confirm; the same fields the payment request will carry.</summary>
/// <remarks>
/// Wallet transfers and withdrawals name their recipient as <c>to</c> (as their own requests do); delegation as
/// <c>toUserId</c> or <c>toAddress</c>; device changes as <c>passkeyId</c> and <c>name</c>.
/// </remarks>
public sealed record ConfirmationBody(PaymentKind Kind, Guid? ChatId = null, string? Amount = null, string? IdempotencyKey = null, Guid? ToUserId = null,
    string? ToAddress = null, Guid? MessageId = null, int? Shares = null, string? Split = null, DateTimeOffset? ExpiresAt = null,
    long? Periods = null, string? Price = null, string? CircleId = null, string? To = null, string? Token = null,
    bool? AcknowledgeContractRecipient = null, string? PasskeyId = null, string? Name = null);

/// <summary>What to answer (<see cref="Method"/> "passkey": WebAuthn request options; "eip712": typed data to sign) and the terms it binds.</summary>
public sealed record PaymentConfirmationOptions(string CeremonyId, System.Text.Json.JsonElement Options, PaymentTerms Terms, string Summary,
    string Method = PaymentConfirmations.PasskeyMethod);

public sealed record TransferInChatBody(string? Amount, Guid? ToUserId = null, string? ToAddress = null, string? Note = null, string? Token = null,
    PaymentConfirmation? Confirmation = null, bool? AcknowledgeContractRecipient = null);

public sealed record ThresholdBody(string? SessionSufficesBelow, PaymentConfirmation? Confirmation = null);

public sealed record TipBody(string? Amount, PaymentConfirmation? Confirmation = null);

public sealed record EnvelopeBody(string? Total, int? Shares, string? Split, DateTimeOffset? ExpiresAt, string? Greeting = null,
    PaymentConfirmation? Confirmation = null);
