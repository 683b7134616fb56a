using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using OpenChat.Chain.Kernel;
using OpenChat.Chain.Messaging.Chats;
using OpenChat.Chain.Messaging.Sync;

namespace OpenChat.Chain.Messaging.Receipts;

/// <summary>
/// A device reports how far it has received (delivered tick) and the person has read (read tick) a chat.
/// Cursors only move forward and never past the chat's last message; the other members see the ticks change.
/// </summary>
public sealed record MarkReceipts(Guid UserId, Guid ChatId, long? DeliveredUpTo, long? ReadUpTo) : ICommand<Result<MemberView>>;

public sealed class MarkReceiptsValidator : AbstractValidator<MarkReceipts>
{
    public MarkReceiptsValidator()
    {
        RuleFor(r => r).Must(r => r.DeliveredUpTo is not null || r.ReadUpTo is not null).WithName("deliveredUpTo")
            .WithMessage("Give deliveredUpTo, readUpTo or both.");
        RuleFor(r => r.DeliveredUpTo).GreaterThan(0).When(r => r.DeliveredUpTo is not null);
        RuleFor(r => r.ReadUpTo).GreaterThan(0).When(r => r.ReadUpTo is not null);
    }
}

public sealed class MarkReceiptsHandler(MessagingDb db, TimeProvider clock, UpdateLog log, MemberCache members) : ICommandHandler<MarkReceipts, Result<MemberView>>
{
    public async ValueTask<Result<MemberView>> Handle(MarkReceipts command, CancellationToken ct)
    {
        var me = await db.ActiveMembership(command.ChatId, command.UserId, ct);
        if (me is null) return MessagingErrors.ChatNotFound;
        var last = await db.Chats.Where(c => c.Id == command.ChatId).Select(c => c.LastSequence).FirstAsync(ct);

        var moved = false;
        if (command.DeliveredUpTo is { } delivered) moved |= me.AdvanceDelivered(Math.Min(delivered, last));
        if (command.ReadUpTo is { } read) moved |= me.AdvanceRead(Math.Min(read, last));
        if (!moved) return me.ToView();

        var now = clock.GetUtcNow();
        var update = new ChatUpdate(command.ChatId, UpdateKind.ReceiptsAdvanced, now, userId: command.UserId);
        db.Updates.Add(update);
        db.ReceiptMarks.Add(new ReceiptMark(command.ChatId, command.UserId, me.DeliveredUpTo, me.ReadUpTo, now));
        return await log.Write(async ct =>
        {
            await db.SaveChangesAsync(ct);
            return (me.ToView(), (IReadOnlyList<UpdateLog.Push>)
                [new(await members.ActiveIds(db, command.ChatId, ct), ChatUpdateView.ForMember(update, me.ToView()))]);
        }, ct);
    }
}
