namespace OpenChat.Chain.Governance.Chat;

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

    public async Task EnsureAsync(IGovernanceChat chat, CancellationToken ct) =>
        _ready.TrySetResult(await chat.FindOrCreateAsync(Handle, GroupTitle, ct));
}
