using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using OpenChat.Chain.Kernel;

namespace OpenChat.Chain.Messaging.Messages;

/// <summary>A page of a chat's history, newest first, before a sequence number (infinite scroll back).</summary>
public sealed record ListMessages(Guid UserId, Guid ChatId, long? Before, int Limit = 50) : IQuery<Result<IReadOnlyList<MessageView>>>;

public sealed class ListMessagesValidator : AbstractValidator<ListMessages>
{
    public ListMessagesValidator()
    {
        RuleFor(l => l.Limit).InclusiveBetween(1, 200);
        RuleFor(l => l.Before).GreaterThan(0).When(l => l.Before is not null);
    }
}

public sealed class ListMessagesHandler(MessagingDb db, Chats.MemberCache members) : IQueryHandler<ListMessages, Result<IReadOnlyList<MessageView>>>
{
    public async ValueTask<Result<IReadOnlyList<MessageView>>> Handle(ListMessages query, CancellationToken ct)
    {
        if (!await members.IsActive(db, query.ChatId, query.UserId, ct)) return MessagingErrors.ChatNotFound;
        var before = query.Before ?? long.MaxValue;
        var page = await db.Messages.AsNoTracking()
            .Where(m => m.ChatId == query.ChatId && m.Sequence < before)
            .OrderByDescending(m => m.Sequence).Take(query.Limit).ToListAsync(ct);
        var ids = page.Select(m => m.Id).ToList();
        var reactions = (await db.Reactions.AsNoTracking().Where(r => ids.Contains(r.MessageId)).ToListAsync(ct)).ToLookup(r => r.MessageId);
        return Result<IReadOnlyList<MessageView>>.Of(page.Select(m => m.ToView(reactions[m.Id])).ToList());
    }
}
