using Mediator;
using Microsoft.EntityFrameworkCore;
using OpenChat.Chain.Kernel;

namespace OpenChat.Chain.Messaging.Messages;

/// <summary>One message, for a member of its chat (anyone else gets "not found": its existence is not leaked).</summary>
public sealed record GetMessage(Guid UserId, Guid ChatId, Guid MessageId) : IQuery<Result<MessageView>>;

public sealed class GetMessageHandler(MessagingDb db) : IQueryHandler<GetMessage, Result<MessageView>>
{
    public async ValueTask<Result<MessageView>> Handle(GetMessage query, CancellationToken ct)
    {
        if (await db.ActiveMembership(query.ChatId, query.UserId, ct) is null) return MessagingErrors.ChatNotFound;
        var message = await db.Messages.AsNoTracking().FirstOrDefaultAsync(m => m.Id == query.MessageId && m.ChatId == query.ChatId, ct);
        if (message is null) return MessagingErrors.MessageNotFound;
        return message.ToView(await db.Reactions.AsNoTracking().Where(r => r.MessageId == message.Id).ToListAsync(ct));
    }
}
