using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using OpenChat.Chain.Kernel;
using OpenChat.Chain.Messaging.Sync;

namespace OpenChat.Chain.Messaging.Chats;

/// <summary>Opens the one direct chat between two people, or returns it when it exists.</summary>
/// <remarks>A private chat (issue 18) is a second, end-to-end encrypted direct chat with the same person.</remarks>
public sealed record CreateDirectChat(Guid UserId, Guid OtherUserId, bool Private = false) : ICommand<Result<ChatView>>;

public sealed class CreateDirectChatValidator : AbstractValidator<CreateDirectChat>
{
    public CreateDirectChatValidator() => RuleFor(c => c.OtherUserId).NotEmpty();
}

public sealed class CreateDirectChatHandler(MessagingDb db, TimeProvider clock, UpdateLog log)
    : ICommandHandler<CreateDirectChat, Result<ChatView>>
{
    public async ValueTask<Result<ChatView>> Handle(CreateDirectChat command, CancellationToken ct)
    {
        if (command.UserId == command.OtherUserId) return MessagingErrors.DirectChatWithSelf;
        if (!await db.Users.AnyAsync(u => u.Id == command.OtherUserId, ct)) return MessagingErrors.UserNotFound;

        return await log.Write(async ct => await OpenAsync(command, ct), ct);
    }

    async Task<(ChatView, IReadOnlyList<UpdateLog.Push>)> OpenAsync(CreateDirectChat command, CancellationToken ct)
    {
        var key = Chat.DirectKeyOf(command.UserId, command.OtherUserId, command.Private);
        var existing = await db.Chats.FirstOrDefaultAsync(c => c.DirectKey == key, ct);
        if (existing is not null)
            return (ChatView.Of(existing, await db.Members.Where(m => m.ChatId == existing.Id).ToListAsync(ct), showInvite: false), []);

        var now = clock.GetUtcNow();
        var chat = Chat.Direct(command.UserId, command.OtherUserId, now, command.Private);
        ChatMember[] members = [new(chat.Id, command.UserId, ChatRole.Member, now), new(chat.Id, command.OtherUserId, ChatRole.Member, now)];
        db.Chats.Add(chat);
        db.Members.AddRange(members);
        var update = new ChatUpdate(chat.Id, UpdateKind.ChatChanged, now);
        db.Updates.Add(update);
        await db.SaveChangesAsync(ct);

        var view = ChatView.Of(chat, members, showInvite: false);
        return (view, [new([command.UserId, command.OtherUserId], ChatUpdateView.ForChat(update, view))]);
    }
}
