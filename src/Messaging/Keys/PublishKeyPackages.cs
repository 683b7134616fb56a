using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using OpenChat.Chain.Kernel;
using OpenChat.Chain.Messaging.Sync;

namespace OpenChat.Chain.Messaging.Keys;

/// <summary>
/// A device adds MLS key packages to its stock (none: it only learns how many are left). Public material only: the
/// service checks the size and the encoding, never the keys, which the device adding a member verifies (RFC 9420 §10.1).
/// </summary>
public sealed record PublishKeyPackages(Guid UserId, Guid DeviceId, IReadOnlyList<string> KeyPackages) : ICommand<Result<KeyPackageStock>>;

public sealed record KeyPackageStock(Guid DeviceId, int Stored);

public sealed class PublishKeyPackagesValidator : AbstractValidator<PublishKeyPackages>
{
    public PublishKeyPackagesValidator()
    {
        RuleFor(p => p.DeviceId).NotEmpty();
        RuleFor(p => p.KeyPackages).NotNull().Must(k => k.Count <= 20).WithMessage("At most 20 key packages at a time.");
        RuleForEach(p => p.KeyPackages).Ciphertext(KeyPackage.MaxLength);
    }
}

public sealed class PublishKeyPackagesHandler(MessagingDb db, TimeProvider clock, UpdateLog log)
    : ICommandHandler<PublishKeyPackages, Result<KeyPackageStock>>
{
    public async ValueTask<Result<KeyPackageStock>> Handle(PublishKeyPackages command, CancellationToken ct)
    {
        var stored = await db.KeyPackages.CountAsync(k => k.UserId == command.UserId && k.DeviceId == command.DeviceId, ct);
        if (command.KeyPackages.Count == 0) return new KeyPackageStock(command.DeviceId, stored);
        if (stored + command.KeyPackages.Count > KeyPackage.MaxPerDevice)
            return MessagingErrors.KeyStockFull.With($"keyPackages: a device keeps at most {KeyPackage.MaxPerDevice}; {stored} are stored.");

        var now = clock.GetUtcNow();
        return await log.Write(async ct =>
        {
            db.KeyPackages.AddRange(command.KeyPackages.Select(k => new KeyPackage(command.UserId, command.DeviceId, k, now)));
            await db.SaveChangesAsync(ct);
            return new KeyPackageStock(command.DeviceId, stored + command.KeyPackages.Count);
        }, ct);
    }
}
