using Mediator;
using Microsoft.EntityFrameworkCore;
using OpenChat.Chain.Kernel;

namespace OpenChat.Chain.Messaging.Receipts;

/// <summary>
/// A message's info ("read by" in a group): for each other member of the chat, whether and when their devices received
/// it and they read it. A time is null where the member got there before times were kept.
/// </summary>
public sealed record GetMessageReceipts(Guid UserId, Guid ChatId, Guid MessageId) : IQuery<Result<MessageReceiptsView>>;

public sealed record MemberReceiptView(Guid UserId, bool Delivered, DateTimeOffset? DeliveredAt, bool Read, DateTimeOffset? ReadAt);

public sealed record MessageReceiptsView(Guid MessageId, long Sequence, IReadOnlyList<MemberReceiptView> Members);

public sealed class GetMessageReceiptsHandler(MessagingDb db) : IQueryHandler<GetMessageReceipts, Result<MessageReceiptsView>>
{
    public async ValueTask<Result<MessageReceiptsView>> Handle(GetMessageReceipts query, CancellationToken ct)
    {
        if (await db.ActiveMembership(query.ChatId, query.UserId, ct) is null) return MessagingErrors.ChatNotFound;
        var message = await db.Messages.AsNoTracking().Where(m => m.Id == query.MessageId && m.ChatId == query.ChatId)
            .Select(m => new { m.Sequence, m.SenderId }).FirstOrDefaultAsync(ct);
        if (message is null) return MessagingErrors.MessageNotFound;
        var seq = message.Sequence;

        var members = await db.Members.AsNoTracking()
            .Where(m => m.ChatId == query.ChatId && m.Status == Chats.MembershipStatus.Active && m.UserId != message.SenderId)
            .Select(m => new { m.UserId, m.JoinedAt, m.DeliveredUpTo, m.ReadUpTo }).ToListAsync(ct);
        // Each member's first mark reaching the message (marks only move forward, so the lowest id is the earliest).
        var marks = db.ReceiptMarks.AsNoTracking().Where(r => r.ChatId == query.ChatId);
        var firstIds = await marks.Where(r => r.DeliveredUpTo >= seq).GroupBy(r => r.UserId).Select(g => g.Min(r => r.Id)).ToListAsync(ct);
        firstIds.AddRange(await marks.Where(r => r.ReadUpTo >= seq).GroupBy(r => r.UserId).Select(g => g.Min(r => r.Id)).ToListAsync(ct));
        var firsts = await marks.Where(r => firstIds.Contains(r.Id)).OrderBy(r => r.Id).ToListAsync(ct);
        DateTimeOffset? When(Guid user, Func<ReceiptMark, bool> reached) => firsts.FirstOrDefault(r => r.UserId == user && reached(r))?.At;

        // Read first, then received, then neither; within each, earliest first, and members who tie (joined together,
        // never reached it) by join time, then id, so that two calls list them alike.
        var views = members.Select(m => (m.JoinedAt, View: new MemberReceiptView(m.UserId,
                m.DeliveredUpTo >= seq, When(m.UserId, r => r.DeliveredUpTo >= seq),
                m.ReadUpTo >= seq, When(m.UserId, r => r.ReadUpTo >= seq))))
            .OrderByDescending(x => x.View.Read).ThenByDescending(x => x.View.Delivered)
            .ThenBy(x => x.View.ReadAt ?? x.View.DeliveredAt ?? DateTimeOffset.MaxValue)
            .ThenBy(x => x.JoinedAt).ThenBy(x => x.View.UserId).Select(x => x.View).ToList();
        return new MessageReceiptsView(query.MessageId, seq, views);
    }
}
