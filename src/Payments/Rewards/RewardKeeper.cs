using System.Numerics;
using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OpenChat.Chain.Messaging;
using OpenChat.Chain.Messaging.Messages;
using OpenChat.Chain.Payments.Flow;
using OpenChat.Chain.Wallet.Actions;
using OpenChat.Chain.Wallet.Chain;
using OpenChat.Chain.Wallet.Keys;
using OpenChat.Chain.Wallet.Sending;
using OpenChat.Chain.Wallet.Transfers;

namespace OpenChat.Chain.Payments.Rewards;

/// <summary>
/// Pays what the service owes (see <see cref="Reward"/>): an invite reward becomes due once the invitee sent a first message;
/// a due reward is sent when the pool can pay it (else it says why and waits: an empty pool, today's budget spent), as
/// RewardsPool.payWelcome/payInvite from the rewarder account through the outbox, under a key derived from the account and
/// the attempt; a confirmed row is paid and announced in the inviter's and invitee's chat. Everything is read again from
/// what is stored on every pass (one runner at a time: the duty lease), and the pool pays once per account whatever we do.
/// </summary>
public sealed partial class RewardKeeper(IServiceScopeFactory scopes, ChainStatus chain, DutyLeases leases, WalletKeys keys,
    IOptions<RewardOptions> options, ILogger<RewardKeeper> logger) : ChainLoop(chain, leases, logger)
{
    protected override TimeSpan Interval => TimeSpan.FromSeconds(1);

    protected override bool ContinuesAfterFailure => true;

    // Rewards waiting for a retry (the pool empty, the budget spent, a reward switched off) need the pool read now and then,
    // not every second: the next read of the pool for them alone, on the service's clock.
    DateTimeOffset _nextRetryCheck;

    protected override async Task<bool> PassAsync(ChainConnection connection, CancellationToken ct)
    {
        if (keys.Wallet is not { } wallet || string.IsNullOrEmpty(connection.Contracts.RewardsPool)) return false;
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PaymentsDb>();
        var open = await db.Rewards.Where(r => r.Status == RewardStatus.Waiting || r.Status == RewardStatus.Due || r.Status == RewardStatus.Sending)
            .OrderBy(r => r.CreatedAt).Take(200).ToListAsync(ct);
        if (open.Count == 0) return false;

        var messages = scope.ServiceProvider.GetRequiredService<MessagingDb>();
        var outbox = scope.ServiceProvider.GetRequiredService<ActionOutbox>();
        var accounts = scope.ServiceProvider.GetRequiredService<PayerAccounts>();
        var rewarder = wallet.AddressOf(WalletKeys.RewarderIndex);
        var retry = TimeSpan.FromSeconds(options.Value.RetrySeconds);
        var wallNow = DateTimeOffset.UtcNow;
        var fresh = open.Any(r => r.Status == RewardStatus.Sending || (r.Status == RewardStatus.Due && r.RetryAfter is null));
        PoolState? pool = null;
        if (fresh || wallNow >= _nextRetryCheck)
        {
            pool = await PoolState.ReadAsync(connection, ct);
            _nextRetryCheck = wallNow + TimeSpan.FromSeconds(Math.Min(5, options.Value.RetrySeconds));
        }
        else if (!open.Any(r => r.Status == RewardStatus.Waiting)) return false;
        var (remaining, balance) = (pool?.RemainingToday ?? 0, pool?.Balance ?? 0);

        foreach (var reward in open)
        {
            switch (reward.Status)
            {
                case RewardStatus.Waiting:
                    // The qualifying action: a message the invitee typed, plain or encrypted (not a notice, a payment or a proposal).
                    if (await messages.Messages.AnyAsync(m => m.SenderId == reward.UserId
                            && Message.WrittenKinds.Contains(m.Kind), ct)) reward.Qualified();
                    break;
                case RewardStatus.Due when pool is not null && (reward.RetryAfter is null || reward.RetryAfter <= pool.Now):
                {
                    var amount = reward.Kind == RewardKind.Welcome ? pool.Welcome : 2 * pool.Invite;
                    var refusal = (pool with { RemainingToday = remaining, Balance = balance }).Refusal(amount, retry);
                    if (refusal is { } why)
                    {
                        reward.NotPaid(why.Reason, why.RetryAfter);
                        LogNotPaid(logger, reward.Id, reward.Kind, why.Reason);
                        break;
                    }
                    var to = await accounts.AddressOfAsync(reward.UserId, ct);
                    var (kind, details) = reward.Kind == RewardKind.Welcome
                        ? (TransferKind.RewardWelcome, "{}")
                        : (TransferKind.RewardInvite, ChainActions.Serialize(new RewardInviteDetails(await accounts.AddressOfAsync(reward.InviterId!.Value, ct))));
                    var sent = await outbox.EnqueueAsync(WalletKeys.RewarderIndex, reward.Key, kind, rewarder, to, details, ct);
                    if (sent.Error is { } error) throw new InvalidOperationException($"Reward {reward.Id} not queued: {error.Code}");
                    reward.Sent(sent.Value!.Transfer.Id);
                    (remaining, balance) = (remaining - amount, balance - amount);
                    break;
                }
                case RewardStatus.Sending when pool is not null:
                {
                    var row = await outbox.FindAsync(WalletKeys.RewarderIndex, reward.Key, ct);
                    if (row is null || row.InFlight) break;
                    var account = await accounts.AddressOfAsync(reward.UserId, ct);
                    if (row.Status == TransferStatus.Confirmed
                        || (reward.Kind == RewardKind.Welcome ? await PoolState.WelcomedAsync(connection, account, ct) : await PoolState.InvitedAsync(connection, account, ct)))
                    {
                        await AnnounceAsync(scope.ServiceProvider, reward, row.Outcome, ct);
                        reward.PaidOut(row.Status == TransferStatus.Confirmed ? row.Outcome : null, DateTimeOffset.UtcNow);
                        LogPaid(logger, reward.Id, reward.Kind, reward.UserId, row.Outcome);
                    }
                    else
                    {
                        // Refused on chain (the budget or the pool changed since the check, or governance revoked us): a new attempt later.
                        reward.NotPaid("not paid yet: the rewards pool refused this attempt; retried shortly", pool.Now + retry);
                        LogNotPaid(logger, reward.Id, reward.Kind, row.FailureReason ?? "failed");
                    }
                    break;
                }
            }
        }
        await db.SaveChangesAsync(ct);
        return false;
    }

    /// <summary>
    /// The system's notice in the chat of the inviter and the invitee (opened at sign-up), as WhatsApp shows group events: a
    /// centered line. A welcome reward without an invite has no chat to go to: the wallet shows it.
    /// </summary>
    static async Task AnnounceAsync(IServiceProvider services, Reward reward, string? outcome, CancellationToken ct)
    {
        var payments = services.GetRequiredService<PaymentsDb>();
        var inviter = reward.InviterId ?? await payments.Rewards.Where(r => r.UserId == reward.UserId && r.Kind == RewardKind.Invite)
            .Select(r => r.InviterId).FirstOrDefaultAsync(ct);
        if (inviter is not { } inviterId) return;
        var messaging = services.GetRequiredService<MessagingDb>();
        var key = Messaging.Chats.Chat.DirectKeyOf(inviterId, reward.UserId);
        var chatId = await messaging.Chats.Where(c => c.DirectKey == key).Select(c => (Guid?)c.Id).FirstOrDefaultAsync(ct);
        if (chatId is null) return;
        var names = await messaging.Users.Where(u => u.Id == reward.UserId || u.Id == inviterId).ToDictionaryAsync(u => u.Id, u => u.DisplayName, ct);
        var amount = outcome is null ? "" : $"{Coins.Format(BigInteger.Parse(outcome, System.Globalization.CultureInfo.InvariantCulture))} CHAT ";
        var text = reward.Kind == RewardKind.Welcome
            ? $"🎁 Welcome reward: {amount}to {names.GetValueOrDefault(reward.UserId, "the newcomer")} from the community's rewards pool"
            : $"🎁 Invite reward: {amount}each to {names.GetValueOrDefault(inviterId, "the inviter")} and {names.GetValueOrDefault(reward.UserId, "the newcomer")}";
        // The client id is derived from the reward: a pass repeated after a crash posts the same notice once.
        var clientId = new Guid(SHA256.HashData(Encoding.UTF8.GetBytes($"reward:{reward.Id}")).AsSpan(0, 16));
        await services.GetRequiredService<PostMessage>().Post(new PostMessage.Draft(chatId.Value, reward.UserId, clientId, MessageKind.System, text, [], null, null, null), ct);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Reward {RewardId} ({Kind}) paid to {UserId}: {Amount} base units")]
    static partial void LogPaid(ILogger logger, Guid rewardId, RewardKind kind, Guid userId, string? amount);

    [LoggerMessage(Level = LogLevel.Information, Message = "Reward {RewardId} ({Kind}) not paid now: {Reason}")]
    static partial void LogNotPaid(ILogger logger, Guid rewardId, RewardKind kind, string reason);
}
