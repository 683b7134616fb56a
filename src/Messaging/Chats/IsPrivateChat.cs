using Mediator;

namespace OpenChat.Chain.Messaging.Chats;

/// <summary>
/// Whether a chat is end-to-end encrypted (issue 18): payments ask before storing a note or greeting, which in a private
/// chat travels as an encrypted message instead, since the service must never hold its plaintext.
/// </summary>
public sealed record IsPrivateChat(Guid ChatId) : IQuery<bool>;

public sealed class IsPrivateChatHandler(MessagingDb db, PrivateChats privateChats) : IQueryHandler<IsPrivateChat, bool>
{
    public async ValueTask<bool> Handle(IsPrivateChat query, CancellationToken ct) =>
        await privateChats.IsPrivate(db, query.ChatId, ct) == true;
}
