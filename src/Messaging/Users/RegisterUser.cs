using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using OpenChat.Chain.Kernel;
using OpenChat.Chain.Messaging.Sync;

namespace OpenChat.Chain.Messaging.Users;

/// <summary>Creates a user with the next wallet account index. The host calls it once a sign-up ceremony succeeded.</summary>
public sealed record RegisterUser(string Handle, string DisplayName, string? ExternalAddress = null)
    : ICommand<Result<RegisteredUser>>;

public sealed record RegisteredUser(UserView User, int WalletAccountIndex);

public sealed class RegisterUserValidator : AbstractValidator<RegisterUser>
{
    public RegisterUserValidator()
    {
        RuleFor(u => u.Handle).NotEmpty().Matches(Handles.Pattern)
            .WithMessage("3 to 32 letters, digits or underscores.");
        RuleFor(u => u.DisplayName).NotEmpty().MaximumLength(64);
        RuleFor(u => u.DisplayName).PlainText();
        RuleFor(u => u.ExternalAddress).Matches("^0x[0-9a-fA-F]{40}$").When(u => u.ExternalAddress is not null);
    }
}

public sealed class RegisterUserHandler(MessagingDb db, TimeProvider clock, UpdateLog log) : ICommandHandler<RegisterUser, Result<RegisteredUser>>
{
    public async ValueTask<Result<RegisteredUser>> Handle(RegisterUser command, CancellationToken ct)
    {
        var handle = Handles.Normalize(command.Handle);
        var address = command.ExternalAddress?.ToLowerInvariant();
        if (await db.Users.AnyAsync(u => u.Handle == handle, ct)) return MessagingErrors.HandleTaken;
        if (address is not null && await db.Users.AnyAsync(u => u.ExternalAddress == address, ct)) return MessagingErrors.AddressTaken;

        // Sign-ups are written one at a time, so the next account index is free when it is taken; the unique
        // index (and this retry) still guards against a second process on the same database.
        return await log.Write(ct => Create(handle, address, command.DisplayName, ct), ct);
    }

    async Task<Result<RegisteredUser>> Create(string handle, string? address, string displayName, CancellationToken ct)
    {
        for (var attempt = 0; ; attempt++)
        {
            var next = (await db.Users.MaxAsync(u => (int?)u.WalletAccountIndex, ct) ?? 0) + 1;
            var user = new User(Guid.CreateVersion7(), handle, displayName.Trim(), next, address, clock.GetUtcNow());
            db.Users.Add(user);
            try
            {
                await db.SaveChangesAsync(ct);
                return new RegisteredUser(user.ToView(), user.WalletAccountIndex);
            }
            catch (DbUpdateException) when (attempt < 3)
            {
                db.Entry(user).State = EntityState.Detached;
                if (await db.Users.AnyAsync(u => u.Handle == handle, ct)) return MessagingErrors.HandleTaken;
            }
        }
    }
}
