using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using OpenChat.Chain.Messaging.Chats;
using OpenChat.Chain.Messaging.Messages;

namespace OpenChat.Chain.Messaging.Search;

/// <summary>Searches the whole history of every chat the caller is in now, and only those.</summary>
public sealed record SearchMessages(Guid UserId, string Query, int Limit = 50) : IQuery<IReadOnlyList<MessageView>>;

public sealed class SearchMessagesValidator : AbstractValidator<SearchMessages>
{
    public SearchMessagesValidator()
    {
        RuleFor(s => s.Query).NotEmpty().MaximumLength(200);
        RuleFor(s => s.Limit).InclusiveBetween(1, 200);
    }
}

public sealed class SearchMessagesHandler(MessagingDb db, IMessageSearch search) : IQueryHandler<SearchMessages, IReadOnlyList<MessageView>>
{
    public async ValueTask<IReadOnlyList<MessageView>> Handle(SearchMessages query, CancellationToken ct)
    {
        var chatIds = await db.Members.AsNoTracking()
            .Where(m => m.UserId == query.UserId && m.Status == MembershipStatus.Active)
            // Private chats are searched on the device (issue 18): the service holds only their ciphertext.
            .Where(m => !db.Chats.Any(c => c.Id == m.ChatId && c.IsPrivate))
            .Select(m => m.ChatId).ToListAsync(ct);
        var hits = await search.Find(chatIds, query.Query, query.Limit, ct);
        var messages = await db.Messages.AsNoTracking().Where(m => hits.Contains(m.Id)).ToDictionaryAsync(m => m.Id, ct);
        var reactions = (await db.Reactions.AsNoTracking().Where(r => hits.Contains(r.MessageId)).ToListAsync(ct)).ToLookup(r => r.MessageId);
        return hits.Where(messages.ContainsKey).Select(id => messages[id].ToView(reactions[id])).ToList();
    }
}
