using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace OpenChat.Chain.Payments.Rewards;

public enum RewardKind { Welcome, Invite }

/// <summary>
/// Waiting (an invite reward until the invitee's first message) → Due (to be sent, again after <see cref="Reward.RetryAfter"/>
/// when the pool could not pay) → Sending (an outbox row of the rewarder) → Paid; or Refused (the service's anti-abuse
/// limits), for good.
/// </summary>
public enum RewardStatus { Waiting, Due, Sending, Paid, Refused }

/// <summary>
/// One reward the service owes a person: the welcome reward of an account that finished passkey sign-up, or the invite
/// reward of an invitee (and their inviter). At most one of each kind per account (unique index): the service asks the
/// chain once per attempt, and the pool itself pays at most once per account, so no retry can pay twice.
/// </summary>
public sealed class Reward
{
    public Guid Id { get; private set; }
    public RewardKind Kind { get; private set; }
    /// <summary>The newcomer (Welcome) or the invitee (Invite).</summary>
    public Guid UserId { get; private set; }
    public Guid? InviterId { get; private set; }
    public RewardStatus Status { get; private set; }
    /// <summary>Why it is refused, or why the last attempt did not pay, in words a user understands.</summary>
    public string? Reason { get; private set; }
    /// <summary>Attempts sent to the chain so far: the outbox key of the next one is <see cref="Key"/>.</summary>
    public int Attempts { get; private set; }
    public Guid? TransferId { get; private set; }
    public DateTimeOffset? RetryAfter { get; private set; }
    /// <summary>What the chain paid (each side, for an invite), in base units.</summary>
    public string? Amount { get; private set; }
    public string? SignUpIp { get; private set; }
    public string? DeviceId { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }
    public DateTimeOffset? PaidAt { get; private set; }

    Reward() { }

    public Reward(RewardKind kind, Guid userId, Guid? inviterId, string? ip, string? deviceId, DateTimeOffset now, string? refusal = null)
    {
        Id = Guid.CreateVersion7();
        (Kind, UserId, InviterId, SignUpIp, DeviceId, CreatedAt) = (kind, userId, inviterId, ip, deviceId, now);
        (Status, Reason) = refusal is not null ? (RewardStatus.Refused, refusal)
            : kind == RewardKind.Invite ? (RewardStatus.Waiting, "waiting for the invited person's first message") : (RewardStatus.Due, null);
    }

    /// <summary>The outbox key of the current attempt: derived from the account and the attempt, so a crash resends the same row.</summary>
    public string Key => $"{(Kind == RewardKind.Welcome ? "welcome" : "invite")}-{UserId:N}-{Attempts}";

    public void Qualified() => (Status, Reason) = (Move(RewardStatus.Waiting, RewardStatus.Due), null);

    public void Sent(Guid transferId) => (Status, TransferId) = (Move(RewardStatus.Due, RewardStatus.Sending), transferId);

    public void PaidOut(string? amount, DateTimeOffset at) => (Status, Amount, PaidAt, Reason) = (Move(RewardStatus.Sending, RewardStatus.Paid), amount, at, null);

    /// <summary>The pool could not pay now (empty, today's budget spent, off): due again at <paramref name="retryAfter"/>.</summary>
    public void NotPaid(string reason, DateTimeOffset retryAfter)
    {
        if (Status is not (RewardStatus.Due or RewardStatus.Sending)) throw new InvalidOperationException($"Reward {Id}: {Status} cannot be retried");
        if (Status == RewardStatus.Sending) Attempts++;
        (Status, Reason, RetryAfter, TransferId) = (RewardStatus.Due, reason, retryAfter, null);
    }

    /// <summary>The invite's welcome was refused by the limits, or the invitee turned out to be the inviter.</summary>
    public void Refuse(string reason) => (Status, Reason) = (Move(RewardStatus.Waiting, RewardStatus.Refused), reason);

    RewardStatus Move(RewardStatus from, RewardStatus to) => Status == from ? to
        : throw new InvalidOperationException($"Reward {Id}: {Status} → {to} not allowed");
}

sealed class RewardConfiguration : IEntityTypeConfiguration<Reward>
{
    public void Configure(EntityTypeBuilder<Reward> entity)
    {
        entity.ToTable("Rewards");
        entity.HasKey(r => r.Id);
        // Once per account and kind: a repeated sign-up hook or invite finds the first row.
        entity.HasIndex(r => new { r.UserId, r.Kind }).IsUnique();
        entity.HasIndex(r => r.Status);
        entity.HasIndex(r => r.InviterId);
        entity.HasIndex(r => new { r.SignUpIp, r.CreatedAt });
        entity.HasIndex(r => new { r.DeviceId, r.CreatedAt });
        entity.Property(r => r.Kind).HasConversion<string>().HasMaxLength(16);
        entity.Property(r => r.Status).HasConversion<string>().HasMaxLength(16);
        entity.Property(r => r.Reason).HasMaxLength(200);
        entity.Property(r => r.Amount).HasMaxLength(80);
        entity.Property(r => r.SignUpIp).HasMaxLength(64);
        entity.Property(r => r.DeviceId).HasMaxLength(64);
        // Unix milliseconds, as PaymentLinks keeps times: SQLite compares and orders numbers, not DateTimeOffset text.
        entity.Property(r => r.CreatedAt).HasConversion<long>(v => v.ToUnixTimeMilliseconds(), v => DateTimeOffset.FromUnixTimeMilliseconds(v));
        entity.Property(r => r.RetryAfter).HasConversion<long?>(v => v == null ? null : v.Value.ToUnixTimeMilliseconds(),
            v => v == null ? null : DateTimeOffset.FromUnixTimeMilliseconds(v.Value));
        entity.Property(r => r.PaidAt).HasConversion<long?>(v => v == null ? null : v.Value.ToUnixTimeMilliseconds(),
            v => v == null ? null : DateTimeOffset.FromUnixTimeMilliseconds(v.Value));
    }
}
