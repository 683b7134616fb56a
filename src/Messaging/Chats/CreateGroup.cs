using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using OpenChat.Chain.Kernel;
using OpenChat.Chain.Messaging.Sync;

namespace OpenChat.Chain.Messaging.Chats;

/// <summary>Creates a group owned by its creator, with the members they add (up to the group limit).</summary>
public sealed record CreateGroup(Guid OwnerId, string Title, IReadOnlyList<Guid> MemberIds, bool Private = false) : ICommand<Result<ChatView>>;

public sealed class CreateGroupValidator : AbstractValidator<CreateGroup>
{
    public CreateGroupValidator()
    {
        RuleFor(g => g.Title).NotEmpty().MaximumLength(100);
        RuleFor(g => g.Title).PlainText();
        RuleFor(g => g.MemberIds).NotNull().Must(ids => ids.Count < Chat.MaxGroupMembers)
            .WithMessage($"A group holds at most {Chat.MaxGroupMembers} members.");
        RuleFor(g => g.MemberIds).Must(ids => ids.Count < Chat.MaxPrivateMembers).When(g => g.Private && g.MemberIds is not null)
            .WithMessage($"A private group holds at most {Chat.MaxPrivateMembers} members.");
    }
}

public sealed class CreateGroupHandler(MessagingDb db, TimeProvider clock, UpdateLog log)
    : ICommandHandler<CreateGroup, Result<ChatView>>
{
    public async ValueTask<Result<ChatView>> Handle(CreateGroup command, CancellationToken ct)
    {
        var invited = command.MemberIds.Where(id => id != command.OwnerId).Distinct().ToList();
        var known = await db.Users.CountAsync(u => invited.Contains(u.Id), ct);
        if (known != invited.Count) return MessagingErrors.UserNotFound.With("One of the members does not exist.");

        var now = clock.GetUtcNow();
        var chat = Chat.Group(command.OwnerId, command.Title.Trim(), now, command.Private);
        var members = invited.Select(id => new ChatMember(chat.Id, id, ChatRole.Member, now))
            .Prepend(new ChatMember(chat.Id, command.OwnerId, ChatRole.Owner, now)).ToList();
        db.Chats.Add(chat);
        db.Members.AddRange(members);
        var update = new ChatUpdate(chat.Id, UpdateKind.ChatChanged, now);
        db.Updates.Add(update);
        return await log.Write(async ct =>
        {
            await db.SaveChangesAsync(ct);
            var view = ChatView.Of(chat, members, showInvite: true);
            return (view, (IReadOnlyList<UpdateLog.Push>)
                [new(members.Select(m => m.UserId).ToList(), ChatUpdateView.ForChat(update, view with { InviteCode = null }))]);
        }, ct);
    }
}
