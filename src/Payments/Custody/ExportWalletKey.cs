using Mediator;
using OpenChat.Chain.Kernel;
using OpenChat.Chain.Messaging;
using OpenChat.Chain.Payments.Flow;
using OpenChat.Chain.Wallet.Keys;
using OpenChat.Chain.Wallet.Transfers;

namespace OpenChat.Chain.Payments.Custody;

/// <summary>
/// The owner takes their key and leaves: always confirmed by the owner (kind ExportKey, with the idempotency key they
/// confirmed, if any), so a session alone never reads the key. A typed-back address, when sent, must still match.
/// </summary>
public sealed record ExportWalletKey(Guid UserId, string? ConfirmAddress, string? IdempotencyKey, PaymentConfirmation? Confirmation)
    : ICommand<Result<KeyExport>>;

/// <summary>The key, or the field the owner's confirmation failed on.</summary>
public sealed record KeyExport(ExportedKey? Key = null, Refusal? Refused = null);

public sealed class ExportWalletKeyHandler(AccountIndexes accounts, MessagingDb users, WalletKeys keys, ConfirmAction confirm, IMediator mediator)
    : ICommandHandler<ExportWalletKey, Result<KeyExport>>
{
    public async ValueTask<Result<KeyExport>> Handle(ExportWalletKey command, CancellationToken ct)
    {
        if (await accounts.OfAsync(users, command.UserId, ct) is not { } account) return MessagingErrors.UserNotFound;
        if (await confirm.RequireAsync(command.UserId, CustodyTerms.ExportKey(command.IdempotencyKey), command.Confirmation, ct) is { } refused)
            return new KeyExport(Refused: refused);
        // The confirmation is the deliberate step now; the typed-back address is optional.
        var address = command.ConfirmAddress ?? (await keys.GetAsync(ct))?.AddressOf(account);
        var exported = await mediator.Send(new ExportKey(account, address), ct);
        return exported.Error is { } error ? error : new KeyExport(exported.Value);
    }
}
