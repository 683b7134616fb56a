using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using OpenChat.Chain.Kernel;
using OpenChat.Chain.Messaging.Sync;

namespace OpenChat.Chain.Messaging.Chats;

/// <summary>
/// A member mutes, pins or archives a chat for themselves; what is left out (null) stays as it is. The change
/// reaches only the member's own devices (an update of kind SettingsChanged), never the other members.
/// </summary>
public sealed record ChangeChatSettings(Guid UserId, Guid ChatId, bool? Muted, bool? Pinned, bool? Archived)
    : ICommand<Result<ChatSettingsView>>;

/// <summary>
/// The caller's own settings of a chat. <c>Archived</c> is what the list shows: an archived chat comes back when a
/// newer message arrives, unless it is muted (WhatsApp).
/// </summary>
public sealed record ChatSettingsView(bool Muted, DateTimeOffset? PinnedAt, DateTimeOffset? ArchivedAt)
{
    public static ChatSettingsView Of(ChatMember member) => new(member.Muted, member.PinnedAt, member.ArchivedAt);
}

public sealed class ChangeChatSettingsValidator : AbstractValidator<ChangeChatSettings>
{
    public ChangeChatSettingsValidator() =>
        RuleFor(c => c.Muted).NotNull().When(c => c.Pinned is null && c.Archived is null)
            .WithMessage("Give at least one of muted, pinned, archived.");
}

public sealed class ChangeChatSettingsHandler(MessagingDb db, TimeProvider clock, UpdateLog log)
    : ICommandHandler<ChangeChatSettings, Result<ChatSettingsView>>
{
    public async ValueTask<Result<ChatSettingsView>> Handle(ChangeChatSettings command, CancellationToken ct) =>
        // Inside the writer: two devices pinning their sixth chat at once cannot both pass the count.
        await log.Write<Result<ChatSettingsView>>(async ct =>
        {
            var me = await db.ActiveMembership(command.ChatId, command.UserId, ct);
            if (me is null) return (MessagingErrors.ChatNotFound, []);
            var now = clock.GetUtcNow();
            if (command.Pinned == true && me.PinnedAt is null && await db.Members.CountAsync(m =>
                    m.UserId == command.UserId && m.Status == MembershipStatus.Active && m.PinnedAt != null, ct) >= ChatMember.MaxPinned)
                return (MessagingErrors.PinLimit, []);

            if (command.Muted is { } muted) me.Mute(muted);
            if (command.Archived is { } archived) me.Archive(archived, now);
            if (command.Pinned is { } pinned) me.Pin(pinned, now);
            var update = new ChatUpdate(command.ChatId, UpdateKind.SettingsChanged, now, userId: command.UserId);
            db.Updates.Add(update);
            await db.SaveChangesAsync(ct);
            var view = ChatSettingsView.Of(me);
            return (view, (IReadOnlyList<UpdateLog.Push>)[new([command.UserId], ChatUpdateView.ForSettings(update, view))]);
        }, ct);
}
