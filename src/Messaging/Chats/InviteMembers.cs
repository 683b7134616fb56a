using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using OpenChat.Chain.Kernel;
using OpenChat.Chain.Messaging.Sync;

namespace OpenChat.Chain.Messaging.Chats;

/// <summary>An owner or admin adds people to a group (former members come back as members).</summary>
public sealed record InviteMembers(Guid UserId, Guid ChatId, IReadOnlyList<Guid> MemberIds) : ICommand<Result<ChatView>>;

public sealed class InviteMembersValidator : AbstractValidator<InviteMembers>
{
    public InviteMembersValidator() =>
        RuleFor(i => i.MemberIds).NotEmpty().Must(ids => ids.Count <= Chat.MaxGroupMembers)
            .WithMessage($"At most {Chat.MaxGroupMembers} at once.");
}

public sealed class InviteMembersHandler(MessagingDb db, TimeProvider clock, UpdateLog log)
    : ICommandHandler<InviteMembers, Result<ChatView>>
{
    public async ValueTask<Result<ChatView>> Handle(InviteMembers command, CancellationToken ct)
    {
        var group = await db.GrowableGroup(command.ChatId, command.UserId, ct);
        if (group.Error is { } refused) return refused;
        var (chat, _) = group.Value;

        var wanted = command.MemberIds.Distinct().ToList();
        if (await db.Users.CountAsync(u => wanted.Contains(u.Id), ct) != wanted.Count)
            return MessagingErrors.UserNotFound.With("One of the members does not exist.");
        var members = await db.Members.Where(m => m.ChatId == chat.Id).ToListAsync(ct);
        var now = clock.GetUtcNow();
        var joined = new List<ChatMember>();
        foreach (var id in wanted)
        {
            if (members.Any(m => m.UserId == id && m.IsActive)) continue;
            joined.Add(ChatMember.Admit(members, chat.Id, id, now, out var added));
            if (added is not null) db.Members.Add(added);
        }
        if (members.Count(m => m.IsActive) > Chat.MaxGroupMembers) return MessagingErrors.GroupFull;

        var updates = joined.Select(m => new ChatUpdate(chat.Id, UpdateKind.MemberJoined, now, userId: m.UserId)).ToList();
        db.Updates.AddRange(updates);
        return await log.Write(async ct =>
        {
            await db.SaveChangesAsync(ct);
            var recipients = members.Where(m => m.IsActive).Select(m => m.UserId).ToList();
            var pushes = updates.Zip(joined).Select(p => new UpdateLog.Push(recipients, ChatUpdateView.ForMember(p.First, p.Second.ToView()))).ToList();
            return (ChatView.Of(chat, members, showInvite: true), (IReadOnlyList<UpdateLog.Push>)pushes);
        }, ct);
    }
}
