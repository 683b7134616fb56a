using Mediator;
using Microsoft.EntityFrameworkCore;
using OpenChat.Chain.Kernel;
using OpenChat.Chain.Messaging.Sync;

namespace OpenChat.Chain.Messaging.Chats;

/// <summary>An admin removes a member, an owner removes anyone but themselves.</summary>
public sealed record RemoveMember(Guid UserId, Guid ChatId, Guid MemberId) : ICommand<Result<bool>>;

public sealed class RemoveMemberHandler(MessagingDb db, TimeProvider clock, UpdateLog log, GroupNotice notice) : ICommandHandler<RemoveMember, Result<bool>>
{
    public async ValueTask<Result<bool>> Handle(RemoveMember command, CancellationToken ct)
    {
        var me = await db.ActiveMembership(command.ChatId, command.UserId, ct);
        if (me is null) return MessagingErrors.ChatNotFound;
        var chat = await db.Chats.FirstAsync(c => c.Id == command.ChatId, ct);
        if (chat.Kind != ChatKind.Group) return MessagingErrors.NotAGroup;
        var target = await db.ActiveMembership(command.ChatId, command.MemberId, ct);
        if (target is null) return MessagingErrors.UserNotFound.With("That person is not in this group.");
        if (!me.CanManageMembers || target.Role >= me.Role) return MessagingErrors.NotAllowed;

        var now = clock.GetUtcNow();
        target.Remove(now);
        var update = new ChatUpdate(chat.Id, UpdateKind.MemberLeft, now, userId: command.MemberId);
        db.Updates.Add(update);
        await log.Write(async ct =>
        {
            await db.SaveChangesAsync(ct);
            var recipients = await db.ActiveMemberIds(chat.Id, ct);
            recipients.Add(command.MemberId);
            return (true, (IReadOnlyList<UpdateLog.Push>)[new(recipients, ChatUpdateView.ForMember(update, target.ToView()))]);
        }, ct);
        await notice.Post(chat.Id, command.UserId,
            $"{await notice.NameOf(command.UserId, ct)} removed {await notice.NameOf(command.MemberId, ct)}", ct);
        return true;
    }
}
