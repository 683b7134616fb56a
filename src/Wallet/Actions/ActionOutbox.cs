using System.Numerics;
using OpenChat.Chain.Kernel;
using OpenChat.Chain.Wallet.Chain;
using OpenChat.Chain.Wallet.Keys;
using OpenChat.Chain.Wallet.Sending;

namespace OpenChat.Chain.Wallet.Actions;

/// <summary>
/// The outbox as another context uses it (Governance's votes, proposals, queue and execute): a registered chain action
/// from one of the wallet's accounts, stored once per idempotency key and relayed by the broadcaster. Carries no value;
/// actions that move coins go through Wallet's own use cases, which check the balance.
/// </summary>
public sealed class ActionOutbox(WalletDb db, WalletKeys keys, ChainStatus chain, Broadcaster broadcaster, TimeProvider clock)
{
    public static Error? CheckKey(string? key) => Outbox.CheckKey(key);

    /// <summary>The row an account stored under <paramref name="key"/>, if any (read-only).</summary>
    public Task<OutgoingTransfer?> FindAsync(int account, string key, CancellationToken ct) => Outbox.FindAsync(db, account, key, ct);

    /// <summary>The account's address and the chain, or why an action cannot be queued now (keys not loaded, chain not set up).</summary>
    public async Task<Result<(string From, ChainConnection Chain)>> ReadyAsync(int account, CancellationToken ct)
    {
        if (await keys.GetAsync(ct) is not { } wallet) return WalletErrors.KeysUnavailable;
        if (chain.Connection is not { } connection) return WalletErrors.ChainUnavailable;
        return (wallet.AddressOf(account), connection);
    }

    /// <summary>Stores the action for the broadcaster; a racing request with the same key gets the first one's row back.</summary>
    public Task<Result<SentTransfer>> EnqueueAsync(int account, string key, TransferKind kind, string from, string to, string details, CancellationToken ct) =>
        Outbox.EnqueueAsync(db, broadcaster, new OutgoingTransfer(Guid.CreateVersion7(), account, key, kind, from, to, BigInteger.Zero,
            clock.GetUtcNow().UtcDateTime, details), ct);
}
