using System.Globalization;
using System.Numerics;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using OpenChat.Chain.Messaging;
using OpenChat.Chain.Wallet.Chain;
using OpenChat.Chain.Wallet.Transfers;

namespace OpenChat.Chain.Payments.Rewards;

/// <summary>The caller's rewards (their welcome, the invite rewards they earned or brought), their invite code, and the rules.</summary>
public sealed record GetRewards(Guid UserId) : IQuery<RewardsView>;

/// <param name="Status">Waiting, Due (on its way, or not paid yet when <paramref name="Reason"/> says why), Sending, Paid, Refused.</param>
/// <param name="Amount">What was paid (each side, for an invite), in CHAT; null until paid.</param>
/// <param name="Role">Invite rewards: "inviter" (you brought them) or "invitee" (they brought you).</param>
public sealed record RewardView(Guid Id, RewardKind Kind, RewardStatus Status, string? Amount, string? Reason, DateTimeOffset? RetryAfter,
    DateTimeOffset? PaidAt, string? Role = null, Guid? OtherUserId = null, string? OtherName = null);

/// <summary>The rules as the chain has them now, and the service's limits, for the screens to show; amounts in CHAT.</summary>
public sealed record RewardRulesView(string? WelcomeAmount, string? InviteAmount, string? DailyBudget, string? RemainingToday, string? PoolBalance,
    int WelcomePerIpPerDay, int WelcomePerDevicePerDay);

public sealed record RewardsView(RewardView? Welcome, IReadOnlyList<RewardView> Invites, InviteView? Invite, RewardRulesView Rules);

public sealed class GetRewardsHandler(PaymentsDb db, MessagingDb users, ChainStatus chain, IOptions<RewardOptions> options)
    : IQueryHandler<GetRewards, RewardsView>
{
    public async ValueTask<RewardsView> Handle(GetRewards query, CancellationToken ct)
    {
        var mine = await db.Rewards.AsNoTracking().Where(r => r.UserId == query.UserId || r.InviterId == query.UserId).ToListAsync(ct);
        var others = mine.Select(r => r.InviterId == query.UserId ? r.UserId : r.InviterId).OfType<Guid>().Distinct().ToList();
        var names = await users.Users.AsNoTracking().Where(u => others.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.DisplayName, ct);
        RewardView View(Reward r)
        {
            var other = r.Kind == RewardKind.Welcome ? (Guid?)null : r.InviterId == query.UserId ? r.UserId : r.InviterId;
            return new RewardView(r.Id, r.Kind, r.Status, r.Amount is null ? null : Coins.Format(BigInteger.Parse(r.Amount, CultureInfo.InvariantCulture)),
                r.Reason, r.RetryAfter, r.PaidAt, r.Kind == RewardKind.Welcome ? null : r.InviterId == query.UserId ? "inviter" : "invitee",
                other, other is { } id ? names.GetValueOrDefault(id) : null);
        }
        var welcome = mine.FirstOrDefault(r => r.Kind == RewardKind.Welcome && r.UserId == query.UserId);
        var invites = mine.Where(r => r.Kind == RewardKind.Invite).OrderByDescending(r => r.CreatedAt).Select(View).ToList();
        var code = await db.Invites.AsNoTracking().Where(i => i.InviterId == query.UserId).Select(i => i.Code).FirstOrDefaultAsync(ct);

        PoolState? pool = null;
        if (chain.Connection is { } connection)
        {
            try { pool = await PoolState.ReadAsync(connection, ct); }
            catch (Exception e) when (e is Nethereum.JsonRpc.Client.RpcClientUnknownException or Nethereum.JsonRpc.Client.RpcResponseException
                or HttpRequestException or TimeoutException or Nethereum.JsonRpc.Client.RpcClientTimeoutException)
            {
                // The chain does not answer: the rules show as unknown, the rewards as stored.
            }
        }
        string? Format(BigInteger? units) => units is { } u ? Coins.Format(u) : null;
        var rules = new RewardRulesView(Format(pool?.Welcome), Format(pool?.Invite), Format(pool?.DailyBudget), Format(pool?.RemainingToday),
            Format(pool?.Balance), options.Value.WelcomePerIpPerDay, options.Value.WelcomePerDevicePerDay);
        return new RewardsView(welcome is null ? null : View(welcome), invites, code is null ? null : CreateInviteHandler.View(code), rules);
    }
}
