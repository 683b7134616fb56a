using Mediator;
using Microsoft.EntityFrameworkCore;
using OpenChat.Chain.Kernel;
using OpenChat.Chain.Messaging.Sync;

namespace OpenChat.Chain.Messaging.Messages;

/// <summary>
/// Replaces the payload of a payment message (its status, claims, tip totals) and pushes the change to every member.
/// The host is the payload's only writer. With <see cref="Expected"/>, the write happens only over that payload (the
/// version its writer read): a stale write is refused with <see cref="MessagingErrors.PaymentChangedMeanwhile"/>.
/// </summary>
public sealed record ChangePaymentMessage(Guid MessageId, string Payload, PayloadVersion? Expected = null) : ICommand<Result<MessageView>>;

/// <summary>The payload a change was computed from (null: the message had none).</summary>
public sealed record PayloadVersion(string? Payload);

public sealed class ChangePaymentMessageHandler(MessagingDb db, ChangeMessage change) : ICommandHandler<ChangePaymentMessage, Result<MessageView>>
{
    public async ValueTask<Result<MessageView>> Handle(ChangePaymentMessage command, CancellationToken ct)
    {
        var message = await db.Messages.FirstOrDefaultAsync(m => m.Id == command.MessageId, ct);
        if (message is null) return MessagingErrors.MessageNotFound;
        // A private chat's message: its payload is MLS ciphertext that only its members' devices can read or change.
        if (Message.IsCiphertext(message.Kind)) return MessagingErrors.MessageNotFound;
        if (command.Expected is { } expected && expected.Payload != message.Payload) return MessagingErrors.PaymentChangedMeanwhile;
        if (message.Payload == command.Payload) return message.ToView(await db.Reactions.AsNoTracking().Where(r => r.MessageId == message.Id).ToListAsync(ct));
        message.ChangePayload(command.Payload);
        return await change.Commit(message, UpdateKind.PaymentChanged, ct);
    }
}
