using System.Security.Claims;
using Mediator;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using OpenChat.Chain.Api.Auth;
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
        payments.MapPost("/payments/confirmations", BeginConfirmation);
        payments.MapGet("/payments/threshold", GetThreshold);
        payments.MapPut("/payments/threshold", ChangeThreshold);
        payments.MapPost("/chats/{chatId:guid}/transfers", SendInChat);
        payments.MapPost("/chats/{chatId:guid}/messages/{messageId:guid}/tips", Tip);
        payments.MapPost("/chats/{chatId:guid}/envelopes", DropEnvelope);
        payments.MapPost("/chats/{chatId:guid}/envelopes/{messageId:guid}/open", OpenEnvelope);
        return app;
    }

    /// <summary>WebAuthn options whose challenge binds these exact terms, and the terms as the payment must repeat them.</summary>
    static async Task<Results<Ok<PaymentConfirmationOptions>, ProblemHttpResult>> BeginConfirmation(
        ConfirmationBody body, ClaimsPrincipal user, PaymentConfirmations confirmations, TimeProvider clock, CancellationToken ct)
    {
        if (body.Kind == PaymentKind.Threshold)
            body = body with { ChatId = Guid.Empty };
        if (body.ChatId is not { } chatId) return Problems.Invalid("chatId", "The chat the payment is made in");
        var terms = new PaymentTerms(body.Kind, chatId, body.Amount, body.IdempotencyKey, body.ToUserId, body.ToAddress, body.MessageId,
            body.Shares, body.Split, body.Kind == PaymentKind.Envelope ? body.ExpiresAt ?? clock.GetUtcNow().Add(DefaultEnvelopeLifetime).TruncateToSeconds() : null,
            Periods: body.Periods, Price: body.Price, CircleId: body.CircleId);
        var options = await confirmations.Begin(user.UserId(), terms, ct);
        if (options.Error is { } error) return error.ToProblem();
        return TypedResults.Ok(new PaymentConfirmationOptions(options.Value!.CeremonyId, options.Value.Options, terms, terms.Canonical()));
    }

    static async Task<Results<Accepted<PaymentView>, Ok<PaymentView>, ProblemHttpResult>> SendInChat(Guid chatId,
        [FromHeader(Name = IdempotencyKeyHeader)] string? key, TransferInChatBody body, ClaimsPrincipal user, IMediator mediator, CancellationToken ct) =>
        Answer(await mediator.Send(new SendInChat(user.UserId(),
            new PaymentTerms(PaymentKind.Transfer, chatId, body.Amount, key, body.ToUserId, body.ToAddress, Token: body.Token ?? "CHAT", Note: body.Note),
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
public sealed record ConfirmationBody(PaymentKind Kind, Guid? ChatId, string? Amount, string? IdempotencyKey, Guid? ToUserId = null,
    string? ToAddress = null, Guid? MessageId = null, int? Shares = null, string? Split = null, DateTimeOffset? ExpiresAt = null,
    long? Periods = null, string? Price = null, string? CircleId = null);

public sealed record PaymentConfirmationOptions(string CeremonyId, System.Text.Json.JsonElement Options, PaymentTerms Terms, string Summary);

public sealed record TransferInChatBody(string? Amount, Guid? ToUserId = null, string? ToAddress = null, string? Note = null, string? Token = null,
    PaymentConfirmation? Confirmation = null);

public sealed record ThresholdBody(string? SessionSufficesBelow, PaymentConfirmation? Confirmation = null);

public sealed record TipBody(string? Amount, PaymentConfirmation? Confirmation = null);

public sealed record EnvelopeBody(string? Total, int? Shares, string? Split, DateTimeOffset? ExpiresAt, string? Greeting = null,
    PaymentConfirmation? Confirmation = null);
