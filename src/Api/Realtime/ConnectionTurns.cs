using Microsoft.AspNetCore.SignalR;

namespace OpenChat.Chain.Api.Realtime;

/// <summary>
/// One connection's writes take turns in the order they arrived. The hub runs several invocations of a connection
/// at once (<see cref="Messaging.SendAdmission.ParallelInvocationsPerConnection"/>), yet a device's two messages must
/// be stored in the order it sent them: a send holds the turn until its message has its place in the writer's queue
/// (not until its commit, so a device's sends still share one group commit); edits, reactions and receipts hold it
/// until done. SignalR starts a connection's invocations in arrival order and each reaches <see cref="Take"/> before
/// its first await; SemaphoreSlim hands its turns to async waiters first come, first served.
/// </summary>
public sealed class ConnectionTurns
{
    static readonly object Key = new();
    readonly SemaphoreSlim _turn = new(1, 1);

    public static ConnectionTurns Of(HubCallerContext context)
    {
        // Items is a plain dictionary and this connection's invocations may run in parallel.
        lock (context.Items)
        {
            if (context.Items.TryGetValue(Key, out var turns)) return (ConnectionTurns)turns!;
            var created = new ConnectionTurns();
            context.Items[Key] = created;
            return created;
        }
    }

    /// <summary>Waits for this connection's turn; disposing the answer (once) passes it on.</summary>
    public async Task<Turn> Take(CancellationToken ct)
    {
        await _turn.WaitAsync(ct);
        return new Turn(_turn);
    }

    public sealed class Turn(SemaphoreSlim turn) : IDisposable
    {
        int _passed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _passed, 1) == 0) turn.Release();
        }
    }
}
