namespace OpenChat.Chain.Wallet.Chain;

public enum ChainPhase { Starting, Deploying, Ready, Unreachable, Failed }

/// <summary>What the chain bootstrap has reached; /health reports it, and callers await <see cref="WhenReady"/>.</summary>
public sealed class ChainStatus
{
    readonly TaskCompletionSource<ChainConnection> _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public ChainPhase Phase { get; private set; } = ChainPhase.Starting;

    /// <summary>Why the chain is not ready, in words safe to show (never a key or a stack trace).</summary>
    public string? Problem { get; private set; }

    public ChainConnection? Connection { get; private set; }

    public Task<ChainConnection> WhenReady(CancellationToken ct) => _ready.Task.WaitAsync(ct);

    public void Deploying() => Phase = ChainPhase.Deploying;

    public void Unreachable(string problem) => (Phase, Problem) = (ChainPhase.Unreachable, problem);

    public void Failed(string problem)
    {
        (Phase, Problem) = (ChainPhase.Failed, problem);
        _ready.TrySetException(new InvalidOperationException($"The chain could not be set up: {problem}"));
    }

    public void Ready(ChainConnection connection)
    {
        (Phase, Problem, Connection) = (ChainPhase.Ready, null, connection);
        _ready.TrySetResult(connection);
    }
}
