using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OpenChat.Chain.Messaging.Realtime;

namespace OpenChat.Chain.Messaging.Sync;

/// <summary>
/// The single writer of the Messaging context. Writes run one at a time, so update-log ids commit in order
/// and SQLite never makes a writer sleep on a busy lock; the pushes they produce are queued in that same
/// order and sent by one loop, so a device receives updates in id order and may resume from the last id it
/// saw. (One process; a scaled-out deployment needs the same guarantee from its database and backplane.)
/// </summary>
public sealed partial class UpdateLog(IChatEvents events, ILogger<UpdateLog> logger) : BackgroundService
{
    readonly SemaphoreSlim _writer = new(1, 1);
    readonly Channel<Push> _pushes = Channel.CreateUnbounded<Push>(new UnboundedChannelOptions { SingleReader = true });

    /// <summary>One update for the devices of the listed users.</summary>
    public sealed record Push(IReadOnlyCollection<Guid> To, ChatUpdateView Update);

    /// <summary>Runs <paramref name="write"/> as the only writer; its pushes go out after it, in order.</summary>
    public async Task<T> Write<T>(Func<CancellationToken, Task<(T Result, IReadOnlyList<Push> Pushes)>> write, CancellationToken ct)
    {
        await _writer.WaitAsync(ct);
        try
        {
            var (result, pushes) = await write(ct);
            foreach (var push in pushes) _pushes.Writer.TryWrite(push);
            return result;
        }
        finally
        {
            _writer.Release();
        }
    }

    /// <summary>A write that pushes nothing (profiles, uploads, sign-ups), still one at a time.</summary>
    public Task<T> Write<T>(Func<CancellationToken, Task<T>> write, CancellationToken ct) =>
        Write(async token => (await write(token), (IReadOnlyList<Push>)[]), ct);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await foreach (var push in _pushes.Reader.ReadAllAsync(stoppingToken))
        {
            try
            {
                await events.Publish(push.To, push.Update, stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // The update is committed: a device that missed this push gets it from /api/sync.
                LogPushFailed(logger, push.Update.Id, e);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Push of update {UpdateId} failed; devices will catch up by sync")]
    static partial void LogPushFailed(ILogger logger, long updateId, Exception exception);
}
