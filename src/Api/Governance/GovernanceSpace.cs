using Mediator;
using OpenChat.Chain.Messaging;
using OpenChat.Chain.Messaging.Chats;
using OpenChat.Chain.Messaging.Users;

namespace OpenChat.Chain.Api.Governance;

/// <summary>
/// The governance group every account may join, and the "governance" account that owns it, posts the proposal messages
/// and, as the keeper, queues and executes proposals when due. Created on the first start, found again after.
/// </summary>
public sealed class GovernanceSpace
{
    public const string Handle = "governance";
    public const string GroupTitle = "Governance";
    readonly TaskCompletionSource<(Guid UserId, Guid ChatId, int AccountIndex)> _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task<(Guid UserId, Guid ChatId, int AccountIndex)> WhenReady(CancellationToken ct) => _ready.Task.WaitAsync(ct);

    public (Guid UserId, Guid ChatId, int AccountIndex)? Current => _ready.Task.IsCompletedSuccessfully ? _ready.Task.Result : null;

    public async Task EnsureAsync(IMediator mediator, OpenChat.Chain.Messaging.MessagingDb users, CancellationToken ct)
    {
        var found = await mediator.Send(new GetUserByHandle(Handle), ct);
        Guid userId;
        if (found.Value is { } existing) userId = existing.Id;
        else
        {
            var registered = await mediator.Send(new RegisterUser(Handle, GroupTitle), ct);
            userId = registered.Value?.User.Id ?? throw new InvalidOperationException($"governance account: {registered.Error?.Code}");
        }
        var chats = await mediator.Send(new ListChats(userId), ct);
        var group = chats.FirstOrDefault(c => c.Kind == nameof(ChatKind.Group) && c.Title == GroupTitle);
        var chatId = group?.Id ?? (await mediator.Send(new CreateGroup(userId, GroupTitle, []), ct)).Value!.Id;
        var account = await users.RequiredAccountIndexAsync(userId, ct);
        _ready.TrySetResult((userId, chatId, account));
    }
}
