using Mediator;
using Microsoft.EntityFrameworkCore;
using OpenChat.Chain.Messaging.Chats;

namespace OpenChat.Chain.Messaging.Circles;

public sealed record CircleMembers(CircleInfo Info, IReadOnlyList<Guid> ActiveMemberIds);

/// <summary>Every circle whose membership the host keeps checking (paid and not closed, or hold-to-join), with its active members.</summary>
public sealed record ListCircles : IQuery<IReadOnlyList<CircleMembers>>;

public sealed class ListCirclesHandler(MessagingDb db) : IQueryHandler<ListCircles, IReadOnlyList<CircleMembers>>
{
    public async ValueTask<IReadOnlyList<CircleMembers>> Handle(ListCircles query, CancellationToken ct)
    {
        var chatIds = await db.CircleRules.AsNoTracking().Where(r => r.Access != CircleAccess.Open && r.Access != CircleAccess.InviteOnly)
            .Select(r => r.ChatId).ToListAsync(ct);
        var circles = new List<CircleMembers>();
        foreach (var chatId in chatIds)
        {
            if (await CircleInfos.ReadAsync(db, chatId, ct) is not { } info) continue;
            circles.Add(new CircleMembers(info, await db.ActiveMemberIds(chatId, ct)));
        }
        return circles;
    }
}
