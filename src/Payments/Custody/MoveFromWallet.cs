using Mediator;
using OpenChat.Chain.Kernel;
using OpenChat.Chain.Messaging;
using OpenChat.Chain.Payments.Flow;
using OpenChat.Chain.Wallet;
using OpenChat.Chain.Wallet.Sending;
using OpenChat.Chain.Wallet.Votes;

namespace OpenChat.Chain.Payments.Custody;

/// <summary>
/// Value or authority leaving the owner's wallet outside any chat: coins to an address (<see cref="PaymentKind.WalletTransfer"/>),
/// the whole balance (<see cref="PaymentKind.Withdraw"/>), the voting power (<see cref="PaymentKind.Delegate"/>). The terms
/// come from <see cref="CustodyTerms"/>, as the confirmation request builds them, and the owner confirms exactly those
/// (a small transfer: unless below their session threshold). A retry of a move already queued answers with it: nothing
/// new moves, so nothing is asked again (the wallet's use case still compares the terms).
/// </summary>
public sealed record MoveFromWallet(Guid UserId, PaymentTerms Terms, PaymentConfirmation? Confirmation) : ICommand<Result<WalletMove>>;

/// <summary>The move queued now (<c>Created</c>) or found queued before, or the field the owner's confirmation failed on.</summary>
public sealed record WalletMove(SentTransfer? Sent = null, Refusal? Refused = null);

public sealed class MoveFromWalletHandler(AccountIndexes accounts, MessagingDb users, WalletDb wallet, ConfirmAction confirm, IMediator mediator)
    : ICommandHandler<MoveFromWallet, Result<WalletMove>>
{
    public async ValueTask<Result<WalletMove>> Handle(MoveFromWallet command, CancellationToken ct)
    {
        var terms = command.Terms;
        if (await accounts.OfAsync(users, command.UserId, ct) is not { } account) return MessagingErrors.UserNotFound;
        // OutboxKeys keeps its answer in this request's WalletDb, where the wallet's use case asks for the same row again.
        var retry = terms.IdempotencyKey is { } key && await OutboxKeys.FindAsync(wallet, account, key, ct) is not null;
        if (!retry && await confirm.RequireAsync(command.UserId, terms, command.Confirmation, ct) is { } refused) return new WalletMove(Refused: refused);
        ICommand<Result<SentTransfer>> move = terms.Kind switch
        {
            PaymentKind.WalletTransfer => new SendTransfer(account, terms.IdempotencyKey, terms.ToAddress, terms.Amount, terms.Token),
            PaymentKind.Withdraw => new Withdraw(account, terms.IdempotencyKey, terms.ToAddress),
            PaymentKind.Delegate => new DelegateVotes(account, terms.IdempotencyKey ?? "", terms.Delegatee),
            _ => throw new ArgumentOutOfRangeException(nameof(command), terms.Kind, "not a move from the wallet"),
        };
        var sent = await mediator.Send(move, ct);
        return sent.Error is { } error ? error : new WalletMove(sent.Value);
    }
}
