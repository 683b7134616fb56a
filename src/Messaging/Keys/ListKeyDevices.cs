using Mediator;
using Microsoft.EntityFrameworkCore;

namespace OpenChat.Chain.Messaging.Keys;

/// <summary>
/// The caller's own devices that have key packages in stock, and how many: a device adding a new device of its user
/// claims only the devices its private chats do not hold yet (<see cref="ClaimKeyPackages.DeviceIds"/>). Only one's own
/// devices are listed: another user's device count is none of anyone's business.
/// </summary>
public sealed record ListKeyDevices(Guid UserId) : IQuery<KeyPackageStock[]>;

public sealed class ListKeyDevicesHandler(MessagingDb db) : IQueryHandler<ListKeyDevices, KeyPackageStock[]>
{
    public async ValueTask<KeyPackageStock[]> Handle(ListKeyDevices query, CancellationToken ct) =>
        (await db.KeyPackages.AsNoTracking().Where(k => k.UserId == query.UserId)
            .GroupBy(k => k.DeviceId).Select(g => new { DeviceId = g.Key, Stored = g.Count() }).ToListAsync(ct))
        .Select(d => new KeyPackageStock(d.DeviceId, d.Stored)).ToArray();
}
