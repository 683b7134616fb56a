using Mediator;
using Microsoft.EntityFrameworkCore;

namespace OpenChat.Chain.Messaging.Chats;

/// <summary>Everyone who shares an active chat with the user: the people told when they come online or go.</summary>
public sealed record GetContacts(Guid UserId) : IQuery<IReadOnlyList<Guid>>;

public sealed class GetContactsHandler(MessagingDb db) : IQueryHandler<GetContacts, IReadOnlyList<Guid>>
{
    public async ValueTask<IReadOnlyList<Guid>> Handle(GetContacts query, CancellationToken ct)
    {
        var chats = db.Members.Where(m => m.UserId == query.UserId && m.Status == MembershipStatus.Active).Select(m => m.ChatId);
        return await db.Members.Where(m => chats.Contains(m.ChatId) && m.Status == MembershipStatus.Active && m.UserId != query.UserId)
            .Select(m => m.UserId).Distinct().ToListAsync(ct);
    }
}
