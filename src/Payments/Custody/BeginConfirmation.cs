using Mediator;
using OpenChat.Chain.Kernel;
using OpenChat.Chain.Messaging;
using OpenChat.Chain.Wallet.Keys;

namespace OpenChat.Chain.Payments.Custody;

/// <summary>
/// Asks the owner to confirm an action: its terms are built from the request, checked with the action's own rules (4xx
/// before any prompt, no ceremony stored), then bound to a one-use challenge (WebAuthn, or EIP-712 for a wallet account).
/// </summary>
public sealed record BeginConfirmation(Guid UserId, ConfirmationBody Body) : ICommand<Result<ConfirmationBegun>>;

/// <summary>The challenge, or the field a malformed request got wrong (<see cref="Invalid"/>), or the terms' refusal (<see cref="Refused"/>).</summary>
public sealed record ConfirmationBegun(PaymentConfirmationOptions? Options = null, Refusal? Invalid = null, Refusal? Refused = null);

public sealed class BeginConfirmationHandler(CheckTerms check, IOwnerProof proof, MessagingDb users, WalletKeys keys, TimeProvider clock)
    : ICommandHandler<BeginConfirmation, Result<ConfirmationBegun>>
{
    public static readonly TimeSpan DefaultEnvelopeLifetime = TimeSpan.FromHours(24);

    public async ValueTask<Result<ConfirmationBegun>> Handle(BeginConfirmation command, CancellationToken ct)
    {
        var body = command.Body;
        if (!Enum.IsDefined(body.Kind)) return new ConfirmationBegun(Invalid: new(PaymentErrors.Kind, "kind"));
        var chatKind = body.Kind is PaymentKind.Transfer or PaymentKind.Tip or PaymentKind.Envelope or PaymentKind.Circle;
        if (chatKind && body.ChatId is null) return new ConfirmationBegun(Invalid: new(PaymentErrors.ChatMissing, "chatId"));
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
                body.Shares, body.Split, body.Kind == PaymentKind.Envelope ? body.ExpiresAt ?? TruncateToSeconds(clock.GetUtcNow().Add(DefaultEnvelopeLifetime)) : null,
                Note: body.Kind == PaymentKind.Envelope ? body.Greeting : body.Note,
                Periods: body.Periods, Price: body.Price, CircleId: body.CircleId, AcknowledgeContractRecipient: body.AcknowledgeContractRecipient is true ? true : null),
        };
        if (await check.CheckAsync(command.UserId, terms, ct) is { } refused) return new ConfirmationBegun(Refused: refused);
        var challenge = await proof.Begin(command.UserId, terms, ct);
        if (challenge.Error is { } error) return error;
        return new ConfirmationBegun(new PaymentConfirmationOptions(challenge.Value!.CeremonyId, challenge.Value.Options, terms, terms.Canonical(),
            challenge.Value.Method));
    }

    static DateTimeOffset TruncateToSeconds(DateTimeOffset at) => DateTimeOffset.FromUnixTimeSeconds(at.ToUnixTimeSeconds());
}

/// <summary>The terms to confirm; the same fields the payment request will carry.</summary>
/// <remarks>
/// Wallet transfers and withdrawals name their recipient as <c>to</c> (as their own requests do); delegation as
/// <c>toUserId</c> or <c>toAddress</c>; device changes as <c>passkeyId</c> and <c>name</c>. A transfer's <c>note</c> and an
/// envelope's <c>greeting</c> are not bound by the challenge, but are checked like the payment's own (none in a private chat).
/// </remarks>
public sealed record ConfirmationBody(PaymentKind Kind, Guid? ChatId = null, string? Amount = null, string? IdempotencyKey = null, Guid? ToUserId = null,
    string? ToAddress = null, Guid? MessageId = null, int? Shares = null, string? Split = null, DateTimeOffset? ExpiresAt = null,
    long? Periods = null, string? Price = null, string? CircleId = null, string? To = null, string? Token = null,
    bool? AcknowledgeContractRecipient = null, string? PasskeyId = null, string? Name = null, string? Note = null, string? Greeting = null);

/// <summary>What to answer (<see cref="Method"/> "passkey": WebAuthn request options; "eip712": typed data to sign) and the terms it binds.</summary>
public sealed record PaymentConfirmationOptions(string CeremonyId, System.Text.Json.JsonElement Options, PaymentTerms Terms, string Summary,
    string Method = ConfirmationChallenge.PasskeyMethod);
