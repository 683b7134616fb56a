using FluentValidation;
using Mediator;
using OpenChat.Chain.Kernel;
using OpenChat.Chain.Messaging.Sync;

namespace OpenChat.Chain.Messaging.Users;

/// <summary>
/// Changes what others see of a user. A null field keeps its value; an empty <paramref name="AvatarMediaId"/>
/// removes the avatar. The media id is only checked for shape (64 hex digits), not for existence.
/// </summary>
public sealed record UpdateProfile(Guid UserId, string? DisplayName, string? AvatarMediaId) : ICommand<Result<UserView>>;

public sealed class UpdateProfileValidator : AbstractValidator<UpdateProfile>
{
    public UpdateProfileValidator()
    {
        RuleFor(p => p.DisplayName).NotEmpty().MaximumLength(64).When(p => p.DisplayName is not null);
        RuleFor(p => p.AvatarMediaId).Matches("^([0-9a-fA-F]{64})?$")
            .WithMessage("A media id: 64 hex digits, or empty to remove the avatar.")
            .When(p => p.AvatarMediaId is not null);
    }
}

public sealed class UpdateProfileHandler(MessagingDb db, UpdateLog log) : ICommandHandler<UpdateProfile, Result<UserView>>
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
        user.ChangeProfile(command.DisplayName?.Trim() ?? user.DisplayName, avatar);
        await log.Write(token => db.SaveChangesAsync(token), ct);
        return user.ToView();
    }
}
