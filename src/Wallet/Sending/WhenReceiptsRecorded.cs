using Mediator;

namespace OpenChat.Chain.Wallet.Sending;

/// <summary>
/// A task that completes once the broadcaster next stores receipts (confirmed or reverted rows): whoever follows wallet
/// rows (Payments' reconciler) reacts in the same block instead of after its own poll. Ask before reading the rows.
/// </summary>
public sealed record WhenReceiptsRecorded : IQuery<Task>;

public sealed class WhenReceiptsRecordedHandler(Broadcaster broadcaster) : IQueryHandler<WhenReceiptsRecorded, Task>
{
    public ValueTask<Task> Handle(WhenReceiptsRecorded query, CancellationToken ct) => ValueTask.FromResult(broadcaster.ReceiptsRecorded);
}
