using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using System.Numerics;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Nethereum.RPC.Eth.DTOs;
using OpenChat.Chain.Wallet.Chain;
using OpenChat.Chain.Wallet.Envelopes;
using OpenChat.Chain.Wallet.Sending;
using OpenChat.Chain.Wallet.Transfers;
using OpenChat.Chain.Payments.Custody;

namespace OpenChat.Chain.Payments.Flow;

/// <summary>
/// Keeps chat messages consistent with the chain: finishes links a crash left half-done (enqueue, post), copies each
/// wallet row's progress into its message until it is final, writes Fair envelopes' payouts into their messages, and
/// refunds expired envelopes to their senders.
/// </summary>
public sealed partial class PaymentReconciler(IServiceScopeFactory scopes, ChainStatus chain, DutyLeases leases, TimeProvider clock,
    ILogger<PaymentReconciler> logger)
    : ChainLoop(chain, leases, logger)
{
    static readonly TimeSpan ResumeAfter = TimeSpan.FromSeconds(5);
    readonly Envelopes.EnvelopePayouts _payouts = new();
    Task? _watched;

    protected override TimeSpan Interval => TimeSpan.FromMilliseconds(500);

    // Every pass starts over from the unsettled links: one that fails is retried, the others must not wait for a restart.
    protected override bool ContinuesAfterFailure => true;

    protected override async Task<bool> PassAsync(ChainConnection connection, CancellationToken ct)
    {
        // A wallet row confirmed during this pass is followed at once (a circle member admitted within the block), not a poll later.
        Task recorded;
        await using (var scope = scopes.CreateAsyncScope())
            recorded = await scope.ServiceProvider.GetRequiredService<IMediator>().Send(new WhenReceiptsRecorded(), ct);
        if (!ReferenceEquals(recorded, _watched))
        {
            _watched = recorded; // one continuation per signal, however many passes wait for it
            _ = recorded.ContinueWith(_ => Wake(), CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default);
        }
        await ReconcileAsync(connection, ct);
        return false;
    }

    /// <summary>One pass over the unsettled links and the open envelopes.</summary>
    public async Task ReconcileAsync(ChainConnection connection, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PaymentsDb>();
        var steps = scope.ServiceProvider.GetRequiredService<PaymentSteps>();
        var mediator = scope.ServiceProvider.GetRequiredService<IMediator>();

        // A link still missing its row or message may be a request in progress: leave it to the request for a while.
        var resumeBefore = clock.GetUtcNow() - ResumeAfter;
        foreach (var link in await db.Links.Where(l => !l.Settled).OrderBy(l => l.CreatedAt).Take(500).ToListAsync(ct))
        {
            if ((link.TransferId is null || steps.AwaitsMessage(link)) && link.CreatedAt > resumeBefore) continue;
            var transfer = await steps.EnqueueAsync(link, ct);
            if (transfer.Error is { } refused)
            {
                link.Refused(refused.Detail ?? refused.Code);
                await db.SaveChangesAsync(ct);
                LogRefused(logger, link.Id, refused.Code);
                continue;
            }
            await steps.ShowAsync(link, transfer.Value!, ct, resuming: true);
        }
        await _payouts.FollowAsync(db, mediator, scope.ServiceProvider.GetRequiredService<PaymentMessages>(), ct);
        await RefundExpiredAsync(connection, db, steps, mediator, ct);
    }

    async Task RefundExpiredAsync(ChainConnection connection, PaymentsDb db, PaymentSteps steps, IMediator mediator, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var due = await db.Links.Where(l => l.Role == PaymentRole.EnvelopeCreate && l.EnvelopeId != null && !l.Closed).ToListAsync(ct);
        if (due.Count == 0) return;
        var head = await connection.Web3.Eth.Blocks.GetBlockWithTransactionsHashesByNumber.SendRequestAsync(BlockParameter.CreateLatest());
        var chainNow = DateTimeOffset.FromUnixTimeSeconds((long)head.Timestamp.Value);
        foreach (var envelope in due.Where(l => l.ExpiresAt < chainNow))
        {
            var state = await EnvelopeState.ReadAsync(connection, BigInteger.Parse(envelope.EnvelopeId!), connection.SystemAccount, ct);
            if (state.ExpiresAt >= chainNow) continue; // the chain's clock decides, not ours
            if (state.AwaitsDraw) continue; // a Fair envelope's claimers are paid first (Wallet's FairEnvelopeKeeper); the rest after
            envelope.Close();
            if (state.Remaining.IsZero)
            {
                await db.SaveChangesAsync(ct); // every share was claimed: nothing to send back
                continue;
            }
            var refund = new PaymentLink(envelope.UserId, $"refund:{envelope.EnvelopeId}", PaymentRole.EnvelopeRefund, envelope.ChatId,
                new PaymentTerms(PaymentKind.Envelope, envelope.ChatId, "0", $"refund:{envelope.EnvelopeId}", MessageId: envelope.MessageId).ToJson(),
                envelope.MessageId, null, now, envelope.EnvelopeId);
            await db.SaveChangesAsync(ct);
            var (link, _) = await steps.RecordAsync(refund, ct);
            await steps.EnqueueAsync(link, ct);
            LogRefunding(logger, envelope.EnvelopeId!, envelope.MessageId);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Payment {PaymentId} refused by the wallet when resumed: {Code}")]
    static partial void LogRefused(ILogger logger, Guid paymentId, string code);

    [LoggerMessage(Level = LogLevel.Information, Message = "Envelope {EnvelopeId} expired: refunding the rest to its sender (message {MessageId})")]
    static partial void LogRefunding(ILogger logger, string envelopeId, Guid? messageId);
}
