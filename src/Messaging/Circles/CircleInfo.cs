using Mediator;
using Microsoft.EntityFrameworkCore;
using OpenChat.Chain.Kernel;
using OpenChat.Chain.Messaging.Chats;

namespace OpenChat.Chain.Messaging.Circles;

/// <summary>What anyone may see of a group with an access rule: name, description, rule, price, member count.</summary>
public sealed record CircleInfo(Guid ChatId, string Title, string Description, string Access, string Price, long PeriodSeconds, string MinBalance,
    int MemberCount, string? OnChainId, bool Closed, Guid OwnerId, bool HoldMeasuresVotes = false);

/// <summary>A circle's public face, for members and outsiders alike (no messages, no member list).</summary>
public sealed record GetCircleInfo(Guid ChatId) : IQuery<Result<CircleInfo>>;

public sealed class GetCircleInfoHandler(MessagingDb db) : IQueryHandler<GetCircleInfo, Result<CircleInfo>>
{
    public async ValueTask<Result<CircleInfo>> Handle(GetCircleInfo query, CancellationToken ct) =>
        await CircleInfos.ReadAsync(db, query.ChatId, ct) is { } info ? info : MessagingErrors.CircleNotFound;
}

static class CircleInfos
{
    public static async Task<CircleInfo?> ReadAsync(MessagingDb db, Guid chatId, CancellationToken ct)
    {
        var rule = await db.CircleRules.AsNoTracking().FirstOrDefaultAsync(r => r.ChatId == chatId, ct);
        var chat = await db.Chats.AsNoTracking().FirstOrDefaultAsync(c => c.Id == chatId && c.Kind == ChatKind.Group, ct);
        if (rule is null || chat is null) return null;
        var count = await db.Members.CountAsync(m => m.ChatId == chatId && m.Status == MembershipStatus.Active, ct);
        var owner = await db.Members.AsNoTracking().Where(m => m.ChatId == chatId && m.Role == ChatRole.Owner).Select(m => m.UserId).FirstOrDefaultAsync(ct);
        return new CircleInfo(chatId, chat.Title ?? "", rule.Description, rule.Access.ToString(), rule.Price, rule.PeriodSeconds, rule.MinBalance,
            count, rule.OnChainId, rule.Closed, owner, rule.HoldMeasuresVotes);
    }
}
