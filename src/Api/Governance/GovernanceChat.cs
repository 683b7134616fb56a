using Mediator;
using OpenChat.Chain.Governance.Chat;
using OpenChat.Chain.Messaging;
using OpenChat.Chain.Messaging.Chats;
using OpenChat.Chain.Messaging.Messages;
using OpenChat.Chain.Messaging.Users;

namespace OpenChat.Chain.Api.Governance;

/// <summary>Governance's chat port over Messaging's use cases (Governance never sees Messaging).</summary>
public sealed class GovernanceChat(IMediator mediator, MessagingDb users) : IGovernanceChat
{
    public async Task<(Guid UserId, Guid ChatId, int AccountIndex)> FindOrCreateAsync(string handle, string groupTitle, CancellationToken ct)
    {
        var userId = (await mediator.Send(new GetUserByHandle(handle), ct)).Value?.Id ?? (await mediator.Send(new RegisterUser(handle, groupTitle), ct)) switch
        {
            { Value: { } registered } => registered.User.Id,
            var failed => throw new InvalidOperationException($"governance account: {failed.Error?.Code}"),
        };
        var group = (await mediator.Send(new ListChats(userId), ct)).FirstOrDefault(c => c.Kind == nameof(ChatKind.Group) && c.Title == groupTitle);
        var chatId = group?.Id ?? (await mediator.Send(new CreateGroup(userId, groupTitle, []), ct)).Value!.Id;
        return (userId, chatId, await users.RequiredAccountIndexAsync(userId, ct));
    }

    public async Task<Guid?> PostProposalAsync(Guid chatId, Guid senderId, Guid clientMessageId, string title, string payload, CancellationToken ct) =>
        (await mediator.Send(new PostPaymentMessage(chatId, senderId, clientMessageId, MessageKind.Proposal, title, payload), ct)).Value?.Id;

    public async Task ChangeProposalAsync(Guid messageId, string payload, CancellationToken ct) =>
        await mediator.Send(new ChangePaymentMessage(messageId, payload), ct);
}
