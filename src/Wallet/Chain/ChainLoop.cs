using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Nethereum.JsonRpc.Client;
using OpenChat.Chain.Wallet.Sending;

namespace OpenChat.Chain.Wallet.Chain;

/// <summary>
/// The skeleton of every background loop that works against the chain: wait for the chain to be set up, then run a pass
/// every <see cref="Interval"/> (at once when a pass says more work waits, or when <see cref="Wake"/> is called). An outage
/// (the node or the way to it is down) or an error answer from the node is logged and waited out with a back-off: the
/// next pass resumes from what is stored. Anything else is a bug and stops the loop (the host logs it), unless the loop
/// says it continues after a failure (<see cref="ContinuesAfterFailure"/>).
/// </summary>
public abstract partial class ChainLoop(ChainStatus chain, ILogger logger) : BackgroundService
{
    static readonly TimeSpan LongestBackOff = TimeSpan.FromSeconds(5);
    readonly SemaphoreSlim _wake = new(0, 1);

    /// <summary>The pause between passes when nothing wakes the loop.</summary>
    protected abstract TimeSpan Interval { get; }

    /// <summary>Runs once before the chain is awaited (e.g. loading keys); false ends the loop (/health says why).</summary>
    protected virtual Task<bool> PrepareAsync(CancellationToken ct) => Task.FromResult(true);

    /// <summary>Runs once when the chain is ready, before the first pass; false ends the loop.</summary>
    protected virtual Task<bool> ConnectedAsync(ChainConnection connection, CancellationToken ct) => Task.FromResult(true);

    /// <summary>
    /// "Log and continue": a pass that fails for any other reason is logged and tried again after <see cref="Interval"/>
    /// instead of stopping the loop. For loops whose every pass starts over from what is stored, where stopping would
    /// leave chat messages or memberships behind the chain for good over one bad row.
    /// </summary>
    protected virtual bool ContinuesAfterFailure => false;

    /// <summary>One pass; true when more work waits and the next pass should start at once.</summary>
    protected abstract Task<bool> PassAsync(ChainConnection connection, CancellationToken ct);

    /// <summary>After an outage or an error answer: drop what memory may hold wrongly (e.g. nonces handed out).</summary>
    protected virtual void Interrupted() { }

    /// <summary>New work is waiting: run a pass now rather than after <see cref="Interval"/>.</summary>
    public void Wake()
    {
        try { _wake.Release(); }
        catch (SemaphoreFullException) { /* already awake */ }
    }

    protected sealed override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        ChainConnection connection;
        try
        {
            if (!await PrepareAsync(stoppingToken)) return;
            connection = await chain.WhenReady(stoppingToken);
            if (!await ConnectedAsync(connection, stoppingToken)) return;
        }
        catch (InvalidOperationException)
        {
            return; // the chain could not be set up; /health says why
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            return;
        }
        var loop = GetType().Name;
        var delay = Interval;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                delay = await PassAsync(connection, stoppingToken) ? TimeSpan.Zero : Interval;
            }
            catch (Exception e) when (ChainReads.IsOutage(e))
            {
                Interrupted();
                LogOutage(logger, loop, connection.ChainId, e.GetType().Name);
                delay = TimeSpan.FromSeconds(Math.Min(Math.Max(delay.TotalSeconds * 2, 1), LongestBackOff.TotalSeconds));
            }
            catch (RpcResponseException e)
            {
                // The node answered with an error (a hosted RPC's rate limit, a node restarting): wait, then resume.
                Interrupted();
                LogNodeError(logger, loop, connection.ChainId, e.RpcError?.Message ?? e.Message);
                delay = LongestBackOff;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (ContinuesAfterFailure)
            {
                LogFailed(logger, loop, e);
                delay = Interval;
            }
            await _wake.WaitAsync(delay, stoppingToken).ContinueWith(_ => { }, CancellationToken.None);
        }
    }

    public override void Dispose()
    {
        _wake.Dispose();
        base.Dispose();
        GC.SuppressFinalize(this);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Loop}: chain {ChainId} unavailable ({Reason}); resuming later from what is stored")]
    static partial void LogOutage(ILogger logger, string loop, long chainId, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "{Loop}: chain {ChainId} answered with an error ({Reason}); retrying")]
    static partial void LogNodeError(ILogger logger, string loop, long chainId, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "{Loop}: pass failed; retrying")]
    static partial void LogFailed(ILogger logger, string loop, Exception exception);
}
