using OpenChat.Chain.Kernel;
using OpenChat.Chain.Payments.Custody;
using OpenChat.Chain.Wallet.Sending;

namespace OpenChat.Chain.Payments.Flow;

/// <summary>
/// What differs between kinds of payment, one class per <see cref="PaymentRole"/> (Tips/Tip.cs, Envelopes/…, Circles/…):
/// whether the owner confirms it, what it asks the wallet to send, the message it posts, and what changes in the chat
/// when the chain answers. <see cref="PaymentFlow"/>, <see cref="PaymentSteps"/> and <see cref="PaymentReconciler"/> run
/// every kind the same way. A new kind: its use case, its <see cref="IPaymentKind"/>, one line in PaymentsModule, a test.
/// </summary>
public interface IPaymentKind
{
    PaymentRole Role { get; }

    /// <summary>The owner confirms it (or their small-payment threshold lets the session pay it).</summary>
    bool Confirmed => false;

    /// <summary>It shows as a chat message of its own, posted once (see <see cref="PostAsync"/>).</summary>
    bool Posts => false;

    /// <summary>The wallet row, with the link's own idempotency key: a repeat finds the first row.</summary>
    Task<Result<SentTransfer>> EnqueueAsync(PaymentLink link, PaymentTerms terms, int account, CancellationToken ct);

    /// <summary>Posts the payment's own message (kinds that <see cref="Posts"/>); null when it has none.</summary>
    Task<Result<Messaging.Messages.MessageView>?> PostAsync(PaymentLink link, PaymentTerms terms, TransferView transfer, CancellationToken ct) =>
        Task.FromResult<Result<Messaging.Messages.MessageView>?>(null);

    /// <summary>The wallet row as it is now, into the chat (the payment's message, the tipped message, the circle…).</summary>
    Task FollowAsync(PaymentLink link, PaymentTerms terms, TransferView transfer, CancellationToken ct);
}
