using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using OpenChat.Chain.Kernel;
using OpenChat.Chain.Messaging.Chats;
using OpenChat.Chain.Messaging.Sync;

namespace OpenChat.Chain.Messaging.Keys;

/// <summary>
/// A member of a private chat takes one key package of every device of the listed members, to add those devices
/// to the chat's MLS group. Each package is handed out once and deleted (RFC 9420 §16.8: a KeyPackage is used once).
/// Only members of the same chat can be claimed, so nobody drains a stranger's stock. <see cref="DeviceIds"/>, when given,
/// limits the claim to those devices of the listed members: a device adding one new device of its user takes only that
/// one's package instead of one of every device.
/// </summary>
public sealed record ClaimKeyPackages(Guid UserId, Guid ChatId, IReadOnlyList<Guid> UserIds, IReadOnlyList<Guid>? DeviceIds = null)
    : ICommand<Result<ClaimedKeyPackage[]>>;

public sealed record ClaimedKeyPackage(Guid UserId, Guid DeviceId, string KeyPackage);

public sealed class ClaimKeyPackagesValidator : AbstractValidator<ClaimKeyPackages>
{
    public ClaimKeyPackagesValidator()
    {
        RuleFor(c => c.UserIds).NotEmpty().Must(ids => ids.Count <= Chat.MaxPrivateMembers)
            .WithMessage($"At most {Chat.MaxPrivateMembers} users at a time.");
        RuleFor(c => c.DeviceIds).Must(ids => ids is null || ids.Count is > 0 and <= MaxDevices)
            .WithMessage($"deviceIds: leave it out for every device, or name 1 to {MaxDevices}.");
    }

    /// <summary>Enough for every device of a user many times over; a longer list is a mistake.</summary>
    public const int MaxDevices = 100;
}

public sealed class ClaimKeyPackagesHandler(MessagingDb db, UpdateLog log)
    : ICommandHandler<ClaimKeyPackages, Result<ClaimedKeyPackage[]>>
{
    public async ValueTask<Result<ClaimedKeyPackage[]>> Handle(ClaimKeyPackages command, CancellationToken ct)
    {
        if (await db.ActiveMembership(command.ChatId, command.UserId, ct) is null) return MessagingErrors.ChatNotFound;
        if (!await db.Chats.AnyAsync(c => c.Id == command.ChatId && c.IsPrivate, ct))
            return MessagingErrors.CiphertextInPlainChat.With("chatId: key packages are for private chats.");
        var wanted = command.UserIds.Distinct().ToList();
        var members = await db.ActiveMemberIds(command.ChatId, ct);
        if (wanted.Any(id => !members.Contains(id))) return MessagingErrors.UserNotFound.With("userIds: everyone claimed must be a member of the chat.");

        return await log.Write(async ct =>
        {
            var query = db.KeyPackages.Where(k => wanted.Contains(k.UserId));
            if (command.DeviceIds is { } devices) query = query.Where(k => devices.Contains(k.DeviceId));
            var stock = await query.ToListAsync(ct);
            // The oldest package of each device: CreateVersion7 ids order by creation, to the millisecond (one publication's are equally old).
            var taken = stock.GroupBy(k => (k.UserId, k.DeviceId)).Select(g => g.MinBy(k => k.Id)!).ToList();
            db.KeyPackages.RemoveRange(taken);
            await db.SaveChangesAsync(ct);
            return taken.Select(k => new ClaimedKeyPackage(k.UserId, k.DeviceId, k.Data)).ToArray();
        }, ct);
    }
}
