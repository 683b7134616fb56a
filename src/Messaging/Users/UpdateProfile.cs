using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using OpenChat.Chain.Kernel;
using OpenChat.Chain.Messaging.Chats;
using OpenChat.Chain.Messaging.Sync;

namespace OpenChat.Chain.Messaging.Users;

/// <summary>
/// Changes what others see of a user. A null field keeps its value; an empty <paramref name="AvatarMediaId"/>
/// removes the avatar. Security: an avatar is shown to every signed-in user, so it must be an image the user uploaded
/// themselves; pointing it at a file from someone else's chat would publish that file.
/// </summary>
public sealed record UpdateProfile(Guid UserId, string? DisplayName, string? AvatarMediaId) : ICommand<Result<UserView>>;

public sealed class UpdateProfileValidator : AbstractValidator<UpdateProfile>
{
    public UpdateProfileValidator()
    {
        RuleFor(p => p.DisplayName).NotEmpty().MaximumLength(64).When(p => p.DisplayName is not null);
        RuleFor(p => p.DisplayName).PlainText();
        RuleFor(p => p.AvatarMediaId).Matches("^([0-9a-fA-F]{64})?$")
            .WithMessage("A media id: 64 hex digits, or empty to remove the avatar.")
            .When(p => p.AvatarMediaId is not null);
    }
}

public sealed class UpdateProfileHandler(MessagingDb db, TimeProvider clock, UpdateLog log) : ICommandHandler<UpdateProfile, Result<UserView>>
{
    public async ValueTask<Result<UserView>> Handle(UpdateProfile command, CancellationToken ct)
    {
        var user = await db.Users.FindAsync([command.UserId], ct);
        if (user is null) return MessagingErrors.UserNotFound;

        var avatar = command.AvatarMediaId switch
        {
            null => user.AvatarMediaId,
            "" => null,
            var id => id.ToLowerInvariant(),
        };
        if (command.AvatarMediaId is { Length: > 0 } && !await db.MediaUploads.AnyAsync(
                u => u.MediaId == avatar && u.UserId == command.UserId
                    && db.MediaBlobs.Any(b => b.Id == avatar && b.ContentType.StartsWith("image/")), ct))
            return MessagingErrors.AvatarNotYours;
        var name = command.DisplayName?.Trim() ?? user.DisplayName;
        if (name == user.DisplayName && avatar == user.AvatarMediaId) return user.ToView();
        user.ChangeProfile(name, avatar);

        // Everyone who shares a chat with the user hears of it (live, or from /api/sync after being offline) and shows
        // the new name and avatar in their chat list and headers: one update per chat, as for any other change to it.
        var memberships = await db.Members.Where(m => m.UserId == command.UserId && m.Status == MembershipStatus.Active).ToListAsync(ct);
        var now = clock.GetUtcNow();
        var updates = memberships.Select(m => (Member: m, Update: new ChatUpdate(m.ChatId, UpdateKind.ProfileChanged, now, userId: command.UserId))).ToList();
        db.Updates.AddRange(updates.Select(u => u.Update));
        return await log.Write(async token =>
        {
            await db.SaveChangesAsync(token);
            var pushes = new List<UpdateLog.Push>(updates.Count);
            foreach (var (member, update) in updates)
                pushes.Add(new(await db.ActiveMemberIds(member.ChatId, token), ChatUpdateView.ForMember(update, member.ToView())));
            return (user.ToView(), (IReadOnlyList<UpdateLog.Push>)pushes);
        }, ct);
    }
}
