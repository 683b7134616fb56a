using Mediator;
using OpenChat.Chain.Kernel;
using OpenChat.Chain.Messaging.Messages;
using OpenChat.Chain.Payments.Custody;
using OpenChat.Chain.Payments.Flow;
using OpenChat.Chain.Wallet.Sending;
using OpenChat.Chain.Wallet.Transfers;

namespace OpenChat.Chain.Payments.Transfers;

/// <summary>A transfer message's payload: who sent how much to whom (a member, or an outside address).</summary>
public sealed record TransferPayload : CoinsPayload
{
    public string? To { get; init; }
}

/// <summary>CHAT sent from a chat (<see cref="SendInChat"/>): confirmed by the owner, shown as a transfer message that follows the row.</summary>
public sealed class ChatTransfer(IMediator mediator, PayerAccounts accounts, PaymentMessages messages) : IPaymentKind
{
    public PaymentRole Role => PaymentRole.Transfer;
    public bool Confirmed => true;
    public bool Posts => true;

    public async Task<Result<SentTransfer>> EnqueueAsync(PaymentLink link, PaymentTerms terms, int account, CancellationToken ct) =>
        await mediator.Send(new SendTransfer(account, link.IdempotencyKey,
            terms.ToAddress ?? await accounts.AddressOfAsync(terms.ToUserId!.Value, ct), terms.Amount, terms.Token), ct);

    public async Task<Result<MessageView>?> PostAsync(PaymentLink link, PaymentTerms terms, TransferView transfer, CancellationToken ct) =>
        await messages.PostAsync(link, MessageKind.Transfer, terms.Note, new TransferPayload
        {
            TransferId = transfer.Id, Amount = Coins.Format(Coins.Parse(terms.Amount).Value), FromUserId = link.UserId, ToUserId = terms.ToUserId,
            To = transfer.To,
        }.Tracking<TransferPayload>(transfer), null, ct);

    public Task FollowAsync(PaymentLink link, PaymentTerms terms, TransferView transfer, CancellationToken ct) =>
        messages.ChangeAsync<TransferPayload>(link.MessageId, p => p.Tracking<TransferPayload>(transfer), ct);
}
