using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using OpenChat.Chain.Kernel;
using OpenChat.Chain.Messaging.Sync;

namespace OpenChat.Chain.Messaging.Chats;

public sealed record JoinByInvite(Guid UserId, string Code) : ICommand<Result<ChatView>>;

public sealed class JoinByInviteValidator : AbstractValidator<JoinByInvite>
{
    public JoinByInviteValidator() => RuleFor(j => j.Code).NotEmpty().Length(32).Matches("^[0-9a-f]{32}$");
}

public sealed class JoinByInviteHandler(MessagingDb db, TimeProvider clock, UpdateLog log, GroupNotice notice)
    : ICommandHandler<JoinByInvite, Result<ChatView>>
{
    public async ValueTask<Result<ChatView>> Handle(JoinByInvite command, CancellationToken ct)
    {
        var chat = await db.Chats.FirstOrDefaultAsync(c => c.InviteCode == command.Code, ct);
        if (chat is null) return MessagingErrors.InviteNotFound;
        var members = await db.Members.Where(m => m.ChatId == chat.Id).ToListAsync(ct);
        var member = members.FirstOrDefault(m => m.UserId == command.UserId);
        if (member is { IsActive: true }) return ChatView.Of(chat, members, showInvite: member.CanManageMembers);
        if (members.Count(m => m.IsActive) >= Chat.MaxGroupMembers) return MessagingErrors.GroupFull;
        // A circle's rule is the way in: an invite link does not skip paying or holding.
        if (await db.CircleRules.AnyAsync(r => r.ChatId == chat.Id && r.Access != Circles.CircleAccess.Open, ct)) return MessagingErrors.CircleRuleApplies;

        var now = clock.GetUtcNow();
        member = ChatMember.Admit(members, chat.Id, command.UserId, now, out var added);
        if (added is not null) db.Members.Add(added);
        var update = new ChatUpdate(chat.Id, UpdateKind.MemberJoined, now, userId: command.UserId);
        db.Updates.Add(update);
        var view = await log.Write(async ct =>
        {
            await db.SaveChangesAsync(ct);
            return (ChatView.Of(chat, members, showInvite: false), (IReadOnlyList<UpdateLog.Push>)
                [new(members.Where(m => m.IsActive).Select(m => m.UserId).ToList(), ChatUpdateView.ForMember(update, member.ToView()))]);
        }, ct);
        await notice.Post(chat.Id, command.UserId, $"{await notice.NameOf(command.UserId, ct)} joined using the group's invite link", ct);
        return view;
    }
}
