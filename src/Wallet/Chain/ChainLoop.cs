using System.Diagnostics;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Nethereum.JsonRpc.Client;
using OpenChat.Chain.Wallet.Sending;

namespace OpenChat.Chain.Wallet.Chain;

/// <summary>
/// The skeleton of every background duty that works against the chain: wait for the chain to be set up, then, while this
/// instance holds the duty's lease (<see cref="DutyLeases"/>: one runner across all instances on the database), run a pass
/// every <see cref="Interval"/> (at once when a pass says more work waits, or when <see cref="Wake"/> is called). An outage
/// (the node or the way to it is down) or an error answer from the node is logged and waited out with a back-off: the
/// next pass resumes from what is stored. Anything else is a bug and stops the loop (the host logs it), unless the loop
/// says it continues after a failure (<see cref="ContinuesAfterFailure"/>).
/// </summary>
public abstract partial class ChainLoop(ChainStatus chain, DutyLeases leases, ILogger logger) : BackgroundService
{
    static readonly TimeSpan LongestBackOff = TimeSpan.FromSeconds(5);
    readonly SemaphoreSlim _wake = new(0, 1);

    /// <summary>The duty's name in its lease row.</summary>
    protected virtual string Duty => GetType().Name;

    /// <summary>The instances' leases, for one-off work of the loop's own that one instance at a time may do.</summary>
    protected DutyLeases Leases => leases;

    /// <summary>The pause between passes when nothing wakes the loop.</summary>
    protected abstract TimeSpan Interval { get; }

    /// <summary>
    /// "Log and continue": a pass that fails for any other reason is logged and tried again after <see cref="Interval"/>
    /// instead of stopping the loop. For loops whose every pass starts over from what is stored, where stopping would
    /// leave chat messages or memberships behind the chain for good over one bad row.
    /// </summary>
    protected virtual bool ContinuesAfterFailure => false;

    /// <summary>Runs once before the chain is awaited (e.g. loading keys); false ends the loop (/health says why).</summary>
    protected virtual Task<bool> PrepareAsync(CancellationToken ct) => Task.FromResult(true);

    /// <summary>Runs once when the chain is ready, before the first pass, on every instance (lease or not); false ends the loop.</summary>
    protected virtual Task<bool> ConnectedAsync(ChainConnection connection, CancellationToken ct) => Task.FromResult(true);

    /// <summary>One pass; true when more work waits and the next pass should start at once.</summary>
    protected abstract Task<bool> PassAsync(ChainConnection connection, CancellationToken ct);

    /// <summary>
    /// After an outage or an error answer, and whenever the lease is taken or lost: drop what memory may hold wrongly (e.g.
    /// nonces handed out). A new holder is exactly a restarted process: it trusts only what is stored.
    /// </summary>
    protected virtual void Interrupted() { }

    /// <summary>New work is waiting: run a pass now rather than after <see cref="Interval"/>.</summary>
    public void Wake()
    {
        try { _wake.Release(); }
        catch (SemaphoreFullException) { /* already awake */ }
        catch (ObjectDisposedException) { /* stopped */ }
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
        while (await TakeLeaseAsync(stoppingToken) is { } askedAt)
        {
            using var term = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
            var lease = new Term(term);
            lease.Extend(askedAt, leases.Expiry - leases.Margin);
            Interrupted(); // nothing from an earlier term is trusted: the previous holder may have moved on since
            var renewing = RenewAsync(lease, stoppingToken);
            await RunPassesAsync(connection, lease, stoppingToken);
            lease.End("stopping");
            await renewing;
            if (stoppingToken.IsCancellationRequested)
            {
                await ReleaseAsync();
                return;
            }
            Interrupted();
            LogLeaseLost(logger, Duty, leases.InstanceId, lease.Reason);
        }
    }

    /// <summary>Waits until this instance holds the duty's lease; the time it asked (the lease runs from then), or null when stopping.</summary>
    async Task<long?> TakeLeaseAsync(CancellationToken stoppingToken)
    {
        string? waitingFor = null;
        var wait = leases.RenewEvery;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var asked = Stopwatch.GetTimestamp();
                var lease = await leases.LeaseAsync(Duty, stoppingToken);
                if (await leases.HoldAsync(Duty, stoppingToken))
                {
                    LogLeaseTaken(logger, Duty, leases.InstanceId, lease?.Holder);
                    return asked;
                }
                if (lease?.Holder != waitingFor) LogLeaseHeldElsewhere(logger, Duty, lease?.Holder, leases.InstanceId);
                waitingFor = lease?.Holder;
                wait = leases.UntilExpiry(lease);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return null;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogLeaseTrouble(logger, Duty, leases.InstanceId, e.GetType().Name); // the database is down or busy: ask again
                wait = leases.RenewEvery;
            }
            try { await Task.Delay(wait, stoppingToken); }
            catch (OperationCanceledException) { return null; }
        }
        return null;
    }

    /// <summary>
    /// Renews the lease every <see cref="DutyLeases.RenewEvery"/>. The term ends before the lease could expire: when a renewal
    /// is refused, or none succeeded in time (the database is unreachable), so this holder has stopped before anyone else
    /// may take over.
    /// </summary>
    async Task RenewAsync(Term lease, CancellationToken stoppingToken)
    {
        while (!lease.Token.IsCancellationRequested)
        {
            try { await Task.Delay(leases.RenewEvery, lease.Token); }
            catch (OperationCanceledException) { return; }
            var asked = Stopwatch.GetTimestamp();
            try
            {
                if (!await leases.HoldAsync(Duty, lease.Token))
                {
                    lease.End("taken by another instance");
                    return;
                }
                lease.Extend(asked, leases.Expiry - leases.Margin);
            }
            catch (OperationCanceledException) when (lease.Token.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                LogLeaseTrouble(logger, Duty, leases.InstanceId, e.GetType().Name); // the term ends on its own if this lasts
            }
        }
    }

    async Task RunPassesAsync(ChainConnection connection, Term lease, CancellationToken stoppingToken)
    {
        var loop = GetType().Name;
        var delay = Interval;
        var ct = lease.Token;
        while (!ct.IsCancellationRequested)
        {
            try
            {
                delay = await PassAsync(connection, ct) ? TimeSpan.Zero : Interval;
            }
            catch (Exception) when (ct.IsCancellationRequested)
            {
                return; // stopping, or the lease ran out mid-pass: whatever the pass threw comes from being cut short
            }
            catch (LeaseLostException)
            {
                lease.End("a fenced write found it held elsewhere");
                return;
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
            catch (Exception e) when (ContinuesAfterFailure && !stoppingToken.IsCancellationRequested)
            {
                LogFailed(logger, loop, e);
                delay = Interval;
            }
            await _wake.WaitAsync(delay, ct).ContinueWith(_ => { }, CancellationToken.None);
        }
    }

    async Task ReleaseAsync()
    {
        using var timeout = new CancellationTokenSource(leases.RenewEvery);
        try
        {
            await leases.ReleaseAsync(Duty, timeout.Token);
            LogLeaseReleased(logger, Duty, leases.InstanceId);
        }
        catch (Exception e)
        {
            LogLeaseTrouble(logger, Duty, leases.InstanceId, e.GetType().Name); // it expires on its own
        }
    }

    public override void Dispose()
    {
        _wake.Dispose();
        base.Dispose();
        GC.SuppressFinalize(this);
    }

    /// <summary>One holding of the lease: its token is cancelled when the lease ends, or when it is about to expire unrenewed.</summary>
    sealed class Term(CancellationTokenSource source)
    {
        volatile string _reason = "not renewed in time";

        public CancellationToken Token => source.Token;

        public string Reason => _reason;

        /// <summary>The lease was written at <paramref name="askedAt"/> or later: it is good for <paramref name="span"/> from then.</summary>
        public void Extend(long askedAt, TimeSpan span)
        {
            var left = span - Stopwatch.GetElapsedTime(askedAt);
            if (left <= TimeSpan.Zero) End("renewed too late");
            else source.CancelAfter(left);
        }

        public void End(string reason)
        {
            if (source.IsCancellationRequested) return;
            _reason = reason;
            source.Cancel();
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Loop}: chain {ChainId} unavailable ({Reason}); resuming later from what is stored")]
    static partial void LogOutage(ILogger logger, string loop, long chainId, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "{Loop}: chain {ChainId} answered with an error ({Reason}); retrying")]
    static partial void LogNodeError(ILogger logger, string loop, long chainId, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "{Loop}: pass failed; retrying")]
    static partial void LogFailed(ILogger logger, string loop, Exception exception);

    [LoggerMessage(Level = LogLevel.Information, Message = "Duty {Duty}: lease taken by {Holder} (previous holder {PreviousHolder})")]
    static partial void LogLeaseTaken(ILogger logger, string duty, string holder, string? previousHolder);

    [LoggerMessage(Level = LogLevel.Information, Message = "Duty {Duty}: lease held by {Holder}; {Instance} stands by")]
    static partial void LogLeaseHeldElsewhere(ILogger logger, string duty, string? holder, string instance);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Duty {Duty}: lease lost by {Holder} ({Reason}); its work stopped")]
    static partial void LogLeaseLost(ILogger logger, string duty, string holder, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Duty {Duty}: lease released by {Holder}")]
    static partial void LogLeaseReleased(ILogger logger, string duty, string holder);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Duty {Duty}: {Holder} could not reach the lease ({Reason}); trying again")]
    static partial void LogLeaseTrouble(ILogger logger, string duty, string holder, string reason);
}
