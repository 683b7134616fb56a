using System.Globalization;
using System.Numerics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenChat.Chain.Wallet.Actions;
using OpenChat.Chain.Wallet.Chain;
using OpenChat.Chain.Wallet.Keys;
using OpenChat.Chain.Wallet.Sending;
using OpenChat.Chain.Wallet.Votes;

namespace OpenChat.Chain.Wallet.Envelopes;

/// <summary>
/// Finishes the service's Fair envelopes (contracts/docs/fair-envelopes.md): for each one the chain shows closed (its last
/// share claimed) or expired with claims, it sends <c>close</c> if needed, then <c>reveal</c> with the seed derived for the
/// creating row, as soon as the closing block has a hash; if the 256-block window was missed (an outage, a failed reveal),
/// <c>settleEqually</c>. Each step is an outbox row of the creator's account under a key derived from the envelope, so it
/// is sent exactly once whatever the passes, restarts or instances (one runner at a time: the duty lease). The chain decides
/// every step (its clock, its block numbers, the envelope's draw state); the keeper keeps no state but a memo of finished ids.
/// </summary>
public sealed partial class FairEnvelopeKeeper(IServiceScopeFactory scopes, ChainStatus chain, DutyLeases leases, WalletKeys keys,
    Broadcaster broadcaster, TimeProvider clock, ILogger<FairEnvelopeKeeper> logger)
    : ChainLoop(chain, leases, logger)
{
    /// <summary>RedEnvelope.REVEAL_WINDOW: blockhash(closedAt) is readable for 256 blocks.</summary>
    public const int RevealWindow = 256;

    // Settled, or expired with nobody claiming (the refund alone is left): nothing more to do, not read again this term.
    readonly HashSet<string> _finished = [];

    protected override TimeSpan Interval => TimeSpan.FromSeconds(1);

    // One envelope's trouble is retried next pass; the others' reveals must not wait for a restart.
    protected override bool ContinuesAfterFailure => true;

    protected override void Interrupted() => _finished.Clear();

    // Under Outbox.FairKeyPrefix, which requests may not use.
    public static string CloseKey(string envelopeId) => $"{Outbox.FairKeyPrefix}close:{envelopeId}";
    public static string RevealKey(string envelopeId) => $"{Outbox.FairKeyPrefix}reveal:{envelopeId}";
    public static string SettleKey(string envelopeId) => $"{Outbox.FairKeyPrefix}settle:{envelopeId}";

    protected override async Task<bool> PassAsync(ChainConnection connection, CancellationToken ct)
    {
        if (keys.Wallet is null) return false;
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<WalletDb>();
        var created = await db.OutgoingTransfers.AsNoTracking()
            .Where(t => t.Kind == TransferKind.EnvelopeCreate && t.Status == TransferStatus.Confirmed && t.Outcome != null
                && t.Details!.Contains("\"fair\":true"))
            .Select(t => new { t.AccountIndex, t.IdempotencyKey, t.From, t.Outcome })
            .ToListAsync(ct);
        var pending = created.Where(c => !_finished.Contains(c.Outcome!)).ToList();
        if (pending.Count == 0) return false;

        var now = await connection.ChainTimeAsync(ct);
        var head = (ulong)(await connection.Web3.Eth.Blocks.GetBlockNumber.SendRequestAsync().WaitAsync(ChainReads.RequestTimeout, ct)).Value;
        foreach (var envelope in pending)
        {
            var id = envelope.Outcome!;
            var state = await EnvelopeState.ReadAsync(connection, BigInteger.Parse(id, CultureInfo.InvariantCulture), connection.SystemAccount, ct);
            var claims = (int)(state.Shares - state.SharesLeft);
            if (state.Settled || (claims == 0 && state.ExpiresAt.ToUnixTimeSeconds() < now))
            {
                _finished.Add(id);
                continue;
            }
            if (state.ClosedAt == 0)
            {
                // Claims are taken up to and including expiresAt; close only once the chain's clock has passed it.
                if (state.ExpiresAt.ToUnixTimeSeconds() < now)
                    await SendAsync(db, envelope.AccountIndex, envelope.From, CloseKey(id), TransferKind.EnvelopeClose, new EnvelopeCloseDetails(id), connection, ct);
                continue;
            }
            if (head <= state.ClosedAt) continue; // the closing block's hash exists from the next block on
            var reveal = await Outbox.FindAsync(db, envelope.AccountIndex, RevealKey(id), ct);
            if (head > state.ClosedAt + RevealWindow)
            {
                if (await SendAsync(db, envelope.AccountIndex, envelope.From, SettleKey(id), TransferKind.EnvelopeSettle, new EnvelopeSettleDetails(id, claims), connection, ct))
                    LogWindowMissed(logger, id, state.ClosedAt);
            }
            else if (reveal is null
                && await SendAsync(db, envelope.AccountIndex, envelope.From, RevealKey(id), TransferKind.EnvelopeReveal,
                    new EnvelopeRevealDetails(id, envelope.IdempotencyKey, claims), connection, ct))
            {
                LogRevealing(logger, id, state.ClosedAt, claims);
            }
            // A reveal in flight is followed by the broadcaster; a failed one leaves the equal settlement once the window ends.
        }
        return false;
    }

    /// <summary>Stores the step once under its key; true when this call stored it.</summary>
    async Task<bool> SendAsync<T>(WalletDb db, int account, string from, string key, TransferKind kind, T details, ChainConnection connection, CancellationToken ct)
    {
        if (await Outbox.FindAsync(db, account, key, ct) is not null) return false; // sent once: the row follows its own course
        var sent = await Outbox.EnqueueAsync(db, broadcaster, new OutgoingTransfer(Guid.CreateVersion7(), account, key, kind, from,
            connection.Contracts.RedEnvelope, BigInteger.Zero, clock.GetUtcNow().UtcDateTime, ChainActions.Serialize(details)), ct);
        return sent.Value is { Created: true };
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Fair envelope {EnvelopeId} closed at block {ClosedAt}: revealing its seed to pay {Claims} claimers")]
    static partial void LogRevealing(ILogger logger, string envelopeId, ulong closedAt, int claims);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Fair envelope {EnvelopeId} closed at block {ClosedAt} was not revealed within 256 blocks: settling it equally")]
    static partial void LogWindowMissed(ILogger logger, string envelopeId, ulong closedAt);
}
