using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using OpenChat.Chain.Kernel;
using OpenChat.Chain.Messaging.Sync;

namespace OpenChat.Chain.Messaging.Chats;

/// <summary>The owner makes a member an admin or back; handing over ownership makes the old owner an admin.</summary>
public sealed record ChangeRole(Guid UserId, Guid ChatId, Guid MemberId, ChatRole Role) : ICommand<Result<MemberView>>;

public sealed class ChangeRoleValidator : AbstractValidator<ChangeRole>
{
    public ChangeRoleValidator() => RuleFor(c => c.Role).IsInEnum();
}

public sealed class ChangeRoleHandler(MessagingDb db, TimeProvider clock, UpdateLog log) : ICommandHandler<ChangeRole, Result<MemberView>>
{
    public async ValueTask<Result<MemberView>> Handle(ChangeRole command, CancellationToken ct)
    {
        var me = await db.ActiveMembership(command.ChatId, command.UserId, ct);
        if (me is null) return MessagingErrors.ChatNotFound;
        if (me.Role != ChatRole.Owner || command.MemberId == command.UserId) return MessagingErrors.NotAllowed;
        var target = await db.ActiveMembership(command.ChatId, command.MemberId, ct);
        if (target is null) return MessagingErrors.UserNotFound.With("That person is not in this group.");

        target.ChangeRole(command.Role);
        if (command.Role == ChatRole.Owner) me.ChangeRole(ChatRole.Admin);
        var update = new ChatUpdate(command.ChatId, UpdateKind.ChatChanged, clock.GetUtcNow(), userId: command.MemberId);
        db.Updates.Add(update);
        return await log.Write(async ct =>
        {
            await db.SaveChangesAsync(ct);
            return (target.ToView(), (IReadOnlyList<UpdateLog.Push>)
                [new(await db.ActiveMemberIds(command.ChatId, ct), ChatUpdateView.ForMember(update, target.ToView()))]);
        }, ct);
    }
}
