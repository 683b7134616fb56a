namespace OpenChat.Chain.Wallet.Sending;

/// <summary>
/// The relayer's account nonces, handed out in this process so that transactions go out back to back without waiting
/// for receipts (the node's pending count lags a burst). Single instance: a second process with the same relayer
/// would take the same nonces.
/// </summary>
public sealed class NonceAllocator
{
    long? _next;

    public bool IsStarted => _next is not null;

    /// <summary>From the node's pending count, but never below a nonce already stored in the outbox (signed, maybe unsent).</summary>
    public void Start(long pendingCount, long? highestStored) => _next = Math.Max(pendingCount, (highestStored ?? -1) + 1);

    public long Peek() => _next ?? throw new InvalidOperationException("The nonce allocator has not been started");

    /// <summary>Everything up to <paramref name="next"/> (exclusive) is now stored in the outbox.</summary>
    public void Advance(long next) => _next = next >= Peek() ? next
        : throw new InvalidOperationException($"Relayer nonce would go back from {_next} to {next}");

    /// <summary>After an outage or a failed save: read the count again rather than trust memory.</summary>
    public void Forget() => _next = null;
}
