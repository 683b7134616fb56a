using Mediator;
using Microsoft.EntityFrameworkCore;
using OpenChat.Chain.Kernel;
using OpenChat.Chain.Messaging.Sync;

namespace OpenChat.Chain.Messaging.Chats;

/// <summary>A member leaves a group; from then on they receive, read and find nothing of it.</summary>
public sealed record LeaveChat(Guid UserId, Guid ChatId) : ICommand<Result<bool>>;

public sealed class LeaveChatHandler(MessagingDb db, TimeProvider clock, UpdateLog log, GroupNotice notice) : ICommandHandler<LeaveChat, Result<bool>>
{
    public async ValueTask<Result<bool>> Handle(LeaveChat command, CancellationToken ct)
    {
        var me = await db.ActiveMembership(command.ChatId, command.UserId, ct);
        if (me is null) return MessagingErrors.ChatNotFound;
        var chat = await db.Chats.FirstAsync(c => c.Id == command.ChatId, ct);
        if (chat.Kind != ChatKind.Group) return MessagingErrors.NotAGroup;
        if (me.Role == ChatRole.Owner) return MessagingErrors.OwnerCannotLeave;

        var now = clock.GetUtcNow();
        me.Leave(now);
        var update = new ChatUpdate(chat.Id, UpdateKind.MemberLeft, now, userId: command.UserId);
        db.Updates.Add(update);
        await log.Write(async ct =>
        {
            await db.SaveChangesAsync(ct);
            var recipients = await db.ActiveMemberIds(chat.Id, ct);
            recipients.Add(command.UserId); // their other devices learn they left
            return (true, (IReadOnlyList<UpdateLog.Push>)[new(recipients, ChatUpdateView.ForMember(update, me.ToView()))]);
        }, ct);
        // Posted after leaving: the others see it, the one who left does not any more.
        await notice.Post(chat.Id, command.UserId, $"{await notice.NameOf(command.UserId, ct)} left", ct);
        return true;
    }
}
