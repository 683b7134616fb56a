using Mediator;
using Microsoft.EntityFrameworkCore;
using OpenChat.Chain.Kernel;

namespace OpenChat.Chain.Messaging.Chats;

public sealed record GetChat(Guid UserId, Guid ChatId) : IQuery<Result<ChatView>>;

public sealed class GetChatHandler(MessagingDb db) : IQueryHandler<GetChat, Result<ChatView>>
{
    public async ValueTask<Result<ChatView>> Handle(GetChat query, CancellationToken ct)
    {
        var me = await db.ActiveMembership(query.ChatId, query.UserId, ct);
        if (me is null) return MessagingErrors.ChatNotFound;
        var chat = await db.Chats.AsNoTracking().FirstAsync(c => c.Id == query.ChatId, ct);
        var members = await db.Members.AsNoTracking().Where(m => m.ChatId == query.ChatId).ToListAsync(ct);
        return ChatView.Of(chat, members, showInvite: me.CanManageMembers);
    }
}
