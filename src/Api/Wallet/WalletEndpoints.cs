using System.Security.Claims;
using Mediator;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using OpenChat.Chain.Api.Auth;
using OpenChat.Chain.Payments.Custody;
using OpenChat.Chain.Payments.Flow;
using OpenChat.Chain.Kernel;
using OpenChat.Chain.Messaging;
using OpenChat.Chain.Wallet.Sending;
using OpenChat.Chain.Wallet.Transfers;
using QRCoder;

namespace OpenChat.Chain.Api.Wallet;

/// <summary>The signed-in user's custodial ChatCoin wallet: balances, history, gasless transfers, receiving, key export.</summary>
public static class WalletEndpoints
{
    public const string IdempotencyKeyHeader = "Idempotency-Key";
    const int RetryAfterSeconds = 5;

    public static RouteGroupBuilder MapWalletEndpoints(this IEndpointRouteBuilder app)
    {
        var wallet = app.MapGroup("/api/wallet").WithTags("Wallet").RequireAuthorization();
        wallet.MapGet("/", (ClaimsPrincipal user, MessagingDb users, IMediator m, HttpContext http, CancellationToken ct) =>
            Read(user, users, m, http, account => new GetWallet(account), ct)).WithSummary("Get your wallet and balances");
        wallet.MapGet("/history", (ClaimsPrincipal user, MessagingDb users, IMediator m, HttpContext http, CancellationToken ct, int page = 1,
                int pageSize = 20) => Read(user, users, m, http, account => new ListHistory(account, page, pageSize), ct))
            .WithSummary("List your wallet's history")
            .WithDescription("Your ChatCoin movements in and out, newest first, a `page` of `pageSize` (default 20).");
        wallet.MapPost("/transfers", ([FromHeader(Name = IdempotencyKeyHeader)] string? idempotencyKey, SendTransferBody? body, ClaimsPrincipal user,
                IMediator m, HttpContext http, CancellationToken ct) => Move(user, m, http, CustodyTerms.WalletTransfer(body?.To, body?.Amount,
                    idempotencyKey, body?.Token, body?.AcknowledgeContractRecipient), body?.Confirmation, ct))
            .WithSummary("Send coins to an address")
            .WithDescription("Gasless: the relayer pays the gas. Confirmed by the owner (kind WalletTransfer) unless below their session " +
                "threshold; 202 while on its way (poll its Location), 200 when a retry finds it settled.");
        wallet.MapGet("/transfers/{transferId:guid}", (Guid transferId, ClaimsPrincipal user, MessagingDb users, IMediator m, HttpContext http,
            CancellationToken ct) => Read(user, users, m, http, account => new GetTransfer(account, transferId), ct)).WithSummary("Get one of your transfers");
        wallet.MapGet("/receive", (ClaimsPrincipal user, MessagingDb users, IMediator m, HttpContext http, CancellationToken ct, string? amount = null) =>
                Read(user, users, m, http, account => new GetReceiveRequest(account, amount), ct))
            .WithSummary("Get your address and a payment request")
            .WithDescription("An EIP-681 payment link for the optional `amount`.");
        wallet.MapGet("/receive/qr", GetReceiveQr).Produces(StatusCodes.Status200OK, contentType: "image/png")
            .WithSummary("Get your payment request as a QR code");
        wallet.MapPost("/export", ExportKey)
            .WithSummary("Export your wallet's private key")
            .WithDescription("Always confirmed by the owner (kind ExportKey): a session alone never reads the key. Never cached, never logged.");
        wallet.MapPost("/withdraw", ([FromHeader(Name = IdempotencyKeyHeader)] string? idempotencyKey, WithdrawBody? body, ClaimsPrincipal user,
                IMediator m, HttpContext http, CancellationToken ct) =>
                Move(user, m, http, CustodyTerms.Withdraw(body?.To, idempotencyKey, body?.AcknowledgeContractRecipient), body?.Confirmation, ct))
            .WithSummary("Withdraw your whole balance to an address")
            .WithDescription("Less what is already on its way. Confirmed by the owner (kind Withdraw); 202 while on its way, 200 when a retry " +
                "finds it settled.");
        return wallet;
    }

    /// <summary>A read of the caller's own account (the wallet context knows account indices, not users).</summary>
    static async Task<Results<Ok<T>, ProblemHttpResult>> Read<T>(ClaimsPrincipal user, MessagingDb users, IMediator mediator, HttpContext http,
        Func<int, IQuery<Result<T>>> query, CancellationToken ct)
    {
        if (await AccountAsync(user, users, http, ct) is not { } account) return NoAccount();
        var result = await mediator.Send(query(account), ct);
        return result.Error is { } error ? Problem(error, http) : TypedResults.Ok(result.Value!);
    }

    /// <summary>Coins leaving the caller's account (confirmed in Payments): 202 while on their way (poll the Location), 200 when a retry finds them settled.</summary>
    static async Task<Results<Accepted<TransferView>, Ok<TransferView>, ProblemHttpResult>> Move(ClaimsPrincipal user, IMediator mediator,
        HttpContext http, PaymentTerms terms, PaymentConfirmation? confirmation, CancellationToken ct)
    {
        var result = await mediator.Send(new MoveFromWallet(user.UserId(), terms, confirmation), ct);
        if (result.Error is { } error) return Problem(error, http);
        if (result.Value!.Refused is { } refused) return refused.ToProblem();
        var transfer = result.Value.Sent!.Transfer;
        return transfer.Status is TransferStatus.Confirmed or TransferStatus.Failed
            ? TypedResults.Ok(transfer)
            : TypedResults.Accepted($"/api/wallet/transfers/{transfer.Id}", transfer);
    }

    static async Task<Results<FileContentHttpResult, ProblemHttpResult>> GetReceiveQr(
        ClaimsPrincipal user, MessagingDb users, IMediator mediator, HttpContext http, CancellationToken ct, string? amount = null)
    {
        if (await AccountAsync(user, users, http, ct) is not { } account) return NoAccount();
        var result = await mediator.Send(new GetReceiveRequest(account, amount), ct);
        if (result.Error is { } error) return Problem(error, http);
        using var generator = new QRCodeGenerator();
        using var code = generator.CreateQrCode(result.Value!.Uri, QRCodeGenerator.ECCLevel.M);
        return TypedResults.File(new PngByteQRCode(code).GetGraphic(8), "image/png");
    }

    /// <summary>Security: the response carries a private key, so nothing may cache it; the use case never logs it.</summary>
    static async Task<Results<Ok<ExportedKey>, ProblemHttpResult>> ExportKey(ExportKeyBody? body, ClaimsPrincipal user, IMediator mediator,
        HttpContext http, CancellationToken ct)
    {
        http.Response.Headers.CacheControl = "no-store";
        var result = await mediator.Send(new ExportWalletKey(user.UserId(), body?.ConfirmAddress, body?.IdempotencyKey, body?.Confirmation), ct);
        if (result.Error is { } error) return Problem(error, http);
        return result.Value!.Refused is { } refused ? refused.ToProblem() : TypedResults.Ok(result.Value.Key!);
    }

    // The caller's account index, remembered by the process (immutable: see AccountIndexes), as every wallet request needs it.
    static Task<int?> AccountAsync(ClaimsPrincipal user, MessagingDb users, HttpContext http, CancellationToken ct) =>
        http.RequestServices.GetRequiredService<AccountIndexes>().OfAsync(users, user.UserId(), ct);

    static ProblemHttpResult NoAccount() => MessagingErrors.UserNotFound.ToProblem();

    // 503 only where nothing could be queued: say when to come back (RFC 9110 Retry-After).
    static ProblemHttpResult Problem(Error error, HttpContext http)
    {
        if (error.Kind == ErrorKind.Unavailable) http.Response.Headers.RetryAfter = RetryAfterSeconds.ToString();
        return error.ToProblem();
    }
}

/// <summary>
/// Amount in whole coins as a decimal string ("12.5"); token "CHAT" or omitted. A contract recipient needs
/// <see cref="AcknowledgeContractRecipient"/>; the confirmation answers POST /api/confirmations for the same terms.
/// </summary>
public sealed record SendTransferBody(string? To, string? Amount, string? Token = null, PaymentConfirmation? Confirmation = null,
    bool? AcknowledgeContractRecipient = null);

public sealed record WithdrawBody(string? To, PaymentConfirmation? Confirmation = null, bool? AcknowledgeContractRecipient = null);

/// <summary>The owner's confirmation (kind ExportKey, with the same idempotency key if one was confirmed); the typed-back address is optional.</summary>
public sealed record ExportKeyBody(string? ConfirmAddress = null, PaymentConfirmation? Confirmation = null, string? IdempotencyKey = null);
