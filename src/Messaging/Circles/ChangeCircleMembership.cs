using Mediator;
using Microsoft.EntityFrameworkCore;
using OpenChat.Chain.Kernel;
using OpenChat.Chain.Messaging.Chats;
using OpenChat.Chain.Messaging.Messages;
using OpenChat.Chain.Messaging.Sync;

namespace OpenChat.Chain.Messaging.Circles;

public enum CircleMove { Join, Renew, Lapse, Remove }

/// <summary>
/// The host admits a member once the chain confirmed their payment or the service checked their holding, or ends their
/// membership when it lapsed or their balance fell below the minimum. The circle's messages say so (a notice from the
/// member), so everyone sees who joined, renewed, lapsed or was removed. Repeating a move changes nothing.
/// </summary>
public sealed record ChangeCircleMembership(Guid ChatId, Guid UserId, CircleMove Move, string Notice) : ICommand<Result<bool>>;

public sealed class ChangeCircleMembershipHandler(MessagingDb db, TimeProvider clock, UpdateLog log, PostMessage post)
    : ICommandHandler<ChangeCircleMembership, Result<bool>>
{
    public async ValueTask<Result<bool>> Handle(ChangeCircleMembership command, CancellationToken ct)
    {
        if (!await db.CircleRules.AnyAsync(r => r.ChatId == command.ChatId, ct)) return MessagingErrors.CircleNotFound;
        var now = clock.GetUtcNow();
        var members = await db.Members.Where(m => m.ChatId == command.ChatId).ToListAsync(ct);
        var member = members.FirstOrDefault(m => m.UserId == command.UserId);
        var joining = command.Move is CircleMove.Join or CircleMove.Renew;
        if (joining && member is { IsActive: true } && command.Move == CircleMove.Join) return false;
        if (!joining && member is not { IsActive: true }) return false;

        ChatMember? added = null;
        UpdateKind kind;
        if (joining)
        {
            if (member is not { IsActive: true }) ChatMember.Admit(members, command.ChatId, command.UserId, now, out added);
            kind = UpdateKind.MemberJoined;
        }
        else
        {
            if (command.Move == CircleMove.Lapse) member!.Lapse(now);
            else member!.Remove(now);
            kind = UpdateKind.MemberLeft;
        }
        if (added is not null) db.Members.Add(added);
        var changed = added is not null || db.ChangeTracker.HasChanges();
        if (changed)
        {
            var update = new ChatUpdate(command.ChatId, kind, now, userId: command.UserId);
            db.Updates.Add(update);
            var target = added ?? member!;
            await log.Write(async token =>
            {
                await db.SaveChangesAsync(token);
                var recipients = await db.ActiveMemberIds(command.ChatId, token);
                if (!recipients.Contains(command.UserId)) recipients.Add(command.UserId); // the member hears that they lapsed
                return (true, (IReadOnlyList<UpdateLog.Push>)[new(recipients, ChatUpdateView.ForMember(update, target.ToView()))]);
            }, ct);
        }
        // The notice: sent "by" the member, so the circle's history says who joined, renewed, lapsed or was removed.
        await post.Post(new PostMessage.Draft(command.ChatId, command.UserId, Guid.CreateVersion7(), MessageKind.System, command.Notice, [], null, null,
            null), ct);
        return true;
    }
}
