using Mediator;
using OpenChat.Chain.Kernel;

namespace OpenChat.Chain.Messaging.Chats;

/// <summary>The active members of a chat, for a caller who is one of them (typing indicators, payments).</summary>
public sealed record GetMemberIds(Guid UserId, Guid ChatId) : IQuery<Result<IReadOnlyList<Guid>>>;

public sealed class GetMemberIdsHandler(MessagingDb db, MemberCache cache) : IQueryHandler<GetMemberIds, Result<IReadOnlyList<Guid>>>
{
    public async ValueTask<Result<IReadOnlyList<Guid>>> Handle(GetMemberIds query, CancellationToken ct)
    {
        var members = (await cache.ActiveIds(db, query.ChatId, ct)).ToList();
        if (!members.Contains(query.UserId)) return MessagingErrors.ChatNotFound;
        return Result<IReadOnlyList<Guid>>.Of(members);
    }
}
