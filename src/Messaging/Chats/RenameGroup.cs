using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using OpenChat.Chain.Kernel;
using OpenChat.Chain.Messaging.Sync;

namespace OpenChat.Chain.Messaging.Chats;

/// <summary>An owner or admin gives a group a new title; its members see the new title and a notice saying who changed it.</summary>
public sealed record RenameGroup(Guid UserId, Guid ChatId, string Title) : ICommand<Result<ChatView>>;

public sealed class RenameGroupValidator : AbstractValidator<RenameGroup>
{
    public RenameGroupValidator()
    {
        RuleFor(r => r.Title).Must(t => !string.IsNullOrWhiteSpace(t)).WithMessage("A group needs a name.").MaximumLength(100);
        RuleFor(r => r.Title).PlainText();
    }
}

public sealed class RenameGroupHandler(MessagingDb db, TimeProvider clock, UpdateLog log, GroupNotice notice)
    : ICommandHandler<RenameGroup, Result<ChatView>>
{
    public async ValueTask<Result<ChatView>> Handle(RenameGroup command, CancellationToken ct)
    {
        var group = await db.ManagedGroup(command.ChatId, command.UserId, ct);
        if (group.Error is { } refused) return refused;
        var (chat, _) = group.Value;
        var members = await db.Members.Where(m => m.ChatId == chat.Id).ToListAsync(ct);
        var title = command.Title.Trim();
        if (title == chat.Title) return ChatView.Of(chat, members, showInvite: true);

        chat.Rename(title);
        var update = new ChatUpdate(chat.Id, UpdateKind.ChatChanged, clock.GetUtcNow());
        db.Updates.Add(update);
        var view = await log.Write(async token =>
        {
            await db.SaveChangesAsync(token);
            var pushed = ChatView.Of(chat, members, showInvite: false);
            return (ChatView.Of(chat, members, showInvite: true), (IReadOnlyList<UpdateLog.Push>)
                [new(members.Where(m => m.IsActive).Select(m => m.UserId).ToList(), ChatUpdateView.ForChat(update, pushed))]);
        }, ct);
        await notice.Post(chat.Id, command.UserId, $"{await notice.NameOf(command.UserId, ct)} renamed the group to “{title}”", ct);
        return view;
    }
}
