using System.Numerics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OpenChat.Chain.Wallet.Chain;
using OpenChat.Chain.Wallet.Keys;

namespace OpenChat.Chain.Wallet.Sending;

/// <summary>
/// Works the outbox, one pass at a time: follows reorgs (<see cref="ReorgFollower"/>), signs requested rows into relayer
/// batches (<see cref="BatchSigner"/>) and sends what is stored (<see cref="RelaySender"/>) while the receipts of what was
/// sent before are read, then records them and handles stuck transactions (<see cref="ReceiptFollower"/>); the relayer is kept funded on the way (<see cref="RelayerFunding"/>). Every step
/// stores before it sends, so a restart resumes with the same bytes and never pays twice. See src/Wallet/README.md.
/// </summary>
public sealed class Broadcaster(
    IServiceScopeFactory scopes,
    ChainStatus chain,
    DutyLeases leases,
    WalletKeys keys,
    NonceAllocator nonces,
    IRawTransactionSender sender,
    RelayerFunding funding,
    ReorgFollower reorgs,
    ReceiptFollower receipts,
    BatchSigner signer,
    RelaySender relaySender,
    IOptions<WalletOptions> options,
    ILogger<Broadcaster> logger) : ChainLoop(chain, leases, logger)
{
    HdWallet? _wallet;
    Relayer? _relayer;
    TaskCompletionSource _recorded = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>
    /// Completes once a later pass has stored receipts (confirmed or reverted transfers): whoever follows wallet rows
    /// (the payment reconciler) reacts in the same block instead of after its own poll. Take it before reading the rows.
    /// </summary>
    public Task ReceiptsRecorded => Volatile.Read(ref _recorded).Task;

    public static BigInteger ToWei(decimal eth) => new BigInteger(eth * 1_000_000_000m) * Fees.Gwei;

    protected override TimeSpan Interval => TimeSpan.FromMilliseconds(options.Value.PollMilliseconds);

    protected override async Task<bool> PrepareAsync(CancellationToken ct)
    {
        await Task.Run(keys.Load, ct);
        return (_wallet = await keys.GetAsync(ct)) is not null; // else /health shows keys.Problem
    }

    protected override Task<bool> ConnectedAsync(ChainConnection connection, CancellationToken ct)
    {
        _relayer = new Relayer(connection, _wallet!, sender, logger);
        return Task.FromResult(true);
    }

    // The outbox keeps everything; the next pass reads the relayer's nonce again and resumes where this one stopped.
    protected override void Interrupted() => nonces.Forget();

    protected override async Task<bool> PassAsync(ChainConnection connection, CancellationToken ct)
    {
        var relayer = _relayer!;
        await funding.CheckAsync(connection, relayer.Address, ct);
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<WalletDb>();
        var head = await reorgs.FollowAsync(db, relayer, ct);
        // The receipts are read from the node while the pass signs and sends: a pass used to read every broadcast batch's
        // receipt before it signed (0.1-0.4 s a pass under Sending.Bench on a busy machine, issue 20), and reading them after
        // sending held the Confirmed back as long. The database is used by one step at a time.
        var reading = await receipts.StartAsync(db, relayer, head.BlockHash?.ToLowerInvariant(), ct);
        var signed = await signer.SignAsync(db, relayer, head, ct);
        var resigned = await relaySender.SendAsync(db, relayer, ct);
        var followed = await receipts.FollowAsync(db, relayer, reading, ct);
        if (followed.Recorded) Interlocked.Exchange(ref _recorded, new(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
        // A pass that signed may have left more in the outbox than one batch, and a transaction signed again (new fees, new
        // nonce) waits to be sent: go on at once rather than after a poll.
        return signed.Count > 0 || resigned || followed.Resigned;
    }
}
