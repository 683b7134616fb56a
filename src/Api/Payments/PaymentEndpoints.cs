using System.Security.Claims;
using Mediator;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using OpenChat.Chain.Api.Auth;
using OpenChat.Chain.Kernel;
using OpenChat.Chain.Payments.Custody;
using OpenChat.Chain.Payments.Envelopes;
using OpenChat.Chain.Payments.Flow;
using OpenChat.Chain.Payments.Tips;
using OpenChat.Chain.Payments.Transfers;

namespace OpenChat.Chain.Api.Payments;

/// <summary>Money inside the conversation: confirm, send, tip, drop and open red envelopes.</summary>
public static class PaymentEndpoints
{
    const string IdempotencyKeyHeader = "Idempotency-Key";

    public static IEndpointRouteBuilder MapPaymentEndpoints(this IEndpointRouteBuilder app)
    {
        var payments = app.MapGroup("/api").WithTags("Payments").RequireAuthorization();
        // One confirmation for every kind of action; /payments/confirmations is the route the chat payments started with.
        payments.MapPost("/confirmations", BeginConfirmation).RequireRateLimiting(PerUserRateLimit.Confirmations.Policy)
            .WithSummary("Start confirming an action")
            .WithDescription("For any action that moves value or authority: answers WebAuthn options (or EIP-712 typed data for a wallet account " +
                "without a passkey) bound to these exact terms, which the action then repeats. Terms the action would refuse are refused here.");
        payments.MapPost("/payments/confirmations", BeginConfirmation).RequireRateLimiting(PerUserRateLimit.Confirmations.Policy)
            .WithSummary("Start confirming an action (the chat payments' route)")
            .WithDescription("The same as POST /api/confirmations.");
        payments.MapGet("/payments/threshold", (ClaimsPrincipal user, IMediator m, CancellationToken ct) => m.Value(new GetPaymentThreshold(user.UserId()), ct))
            .WithSummary("Get the amount below which your session suffices");
        payments.MapPut("/payments/threshold", ([FromHeader(Name = IdempotencyKeyHeader)] string? key, ThresholdBody body, ClaimsPrincipal user, IMediator m,
                CancellationToken ct) => m.Ok(new ChangePaymentThreshold(user.UserId(), body.SessionSufficesBelow, key, body.Confirmation), ct))
            .WithSummary("Change the amount below which your session suffices")
            .WithDescription("Payments below it need no confirmation; raising it is itself confirmed by the owner.");
        payments.MapPost("/chats/{chatId:guid}/transfers", (Guid chatId, [FromHeader(Name = IdempotencyKeyHeader)] string? key, TransferInChatBody body,
                ClaimsPrincipal user, IMediator m, CancellationToken ct) => Pay(m, new SendInChat(user.UserId(),
                    new PaymentTerms(PaymentKind.Transfer, chatId, body.Amount, key, body.ToUserId, body.ToAddress, Token: body.Token ?? "CHAT", Note: body.Note,
                        AcknowledgeContractRecipient: body.AcknowledgeContractRecipient is true ? true : null), body.Confirmation), ct))
            .WithSummary("Send coins in a chat")
            .WithDescription("To a member or an address, posted as a payment message. Confirmed by the owner (kind Transfer) unless below their " +
                "session threshold; the Idempotency-Key makes a retry safe.");
        payments.MapPost("/chats/{chatId:guid}/messages/{messageId:guid}/tips", (Guid chatId, Guid messageId,
                [FromHeader(Name = IdempotencyKeyHeader)] string? key, TipBody body, ClaimsPrincipal user, IMediator m, CancellationToken ct) =>
                Pay(m, new TipMessage(user.UserId(), new PaymentTerms(PaymentKind.Tip, chatId, body.Amount, key, MessageId: messageId), body.Confirmation), ct))
            .WithSummary("Tip a message's author")
            .WithDescription("Confirmed by the owner (kind Tip) unless below their session threshold; the Idempotency-Key makes a retry safe.");
        payments.MapPost("/chats/{chatId:guid}/envelopes", (Guid chatId, [FromHeader(Name = IdempotencyKeyHeader)] string? key, EnvelopeBody body,
                ClaimsPrincipal user, IMediator m, CancellationToken ct) => Pay(m, new DropEnvelope(user.UserId(),
                    new PaymentTerms(PaymentKind.Envelope, chatId, body.Total, key, Shares: body.Shares, Split: body.Split, ExpiresAt: body.ExpiresAt,
                        Note: body.Greeting), body.Confirmation), ct))
            .WithSummary("Drop a red envelope in a chat")
            .WithDescription("A total split into shares that members open until it expires. Confirmed by the owner (kind Envelope) unless below " +
                "their session threshold.");
        payments.MapPost("/chats/{chatId:guid}/envelopes/{messageId:guid}/open", (Guid chatId, Guid messageId, ClaimsPrincipal user, IMediator m,
                CancellationToken ct) => Pay(m, new OpenEnvelope(user.UserId(), chatId, messageId), ct))
            .WithSummary("Open a red envelope and claim a share")
            .WithDescription("For the chat's current members, once each; needs no confirmation, since nothing leaves your account.");
        return app;
    }

    /// <summary>
    /// WebAuthn options whose challenge binds these exact terms (or EIP-712 typed data for a wallet account without a
    /// passkey), and the terms as the action must repeat them. Terms the action would refuse are refused here, before
    /// any prompt, and leave no ceremony behind.
    /// </summary>
    static async Task<Results<Ok<PaymentConfirmationOptions>, ProblemHttpResult>> BeginConfirmation(
        ConfirmationBody body, ClaimsPrincipal user, IMediator mediator, CancellationToken ct)
    {
        var begun = await mediator.Send(new BeginConfirmation(user.UserId(), body), ct);
        if (begun.Error is { } error) return error.ToProblem();
        return begun.Value! switch
        {
            { Invalid: { } invalid } => Problems.Invalid(invalid.Field, invalid.Error.Detail!),
            { Refused: { } refused } => refused.ToProblem(),
            { Options: { } options } => TypedResults.Ok(options),
            _ => throw new InvalidOperationException("a confirmation answers with options or a refusal"),
        };
    }

    /// <summary>202 when the payment was made now, 200 when a retry finds it made before.</summary>
    static async Task<Results<Accepted<PaymentView>, Ok<PaymentView>, ProblemHttpResult>> Pay(IMediator mediator, ICommand<Result<PaymentView>> payment,
        CancellationToken ct)
    {
        var result = await mediator.Send(payment, ct);
        if (result.Error is { } error) return error.ToProblem();
        return result.Value!.Created ? TypedResults.Accepted((string?)null, result.Value) : TypedResults.Ok(result.Value);
    }
}

public sealed record TransferInChatBody(string? Amount, Guid? ToUserId = null, string? ToAddress = null, string? Note = null, string? Token = null,
    PaymentConfirmation? Confirmation = null, bool? AcknowledgeContractRecipient = null);

public sealed record ThresholdBody(string? SessionSufficesBelow, PaymentConfirmation? Confirmation = null);

public sealed record TipBody(string? Amount, PaymentConfirmation? Confirmation = null);

public sealed record EnvelopeBody(string? Total, int? Shares, string? Split, DateTimeOffset? ExpiresAt, string? Greeting = null,
    PaymentConfirmation? Confirmation = null);
