using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using OpenChat.Chain.Payments.Custody;

namespace OpenChat.Chain.Payments.Flow;

public enum PaymentRole { Transfer, Tip, EnvelopeCreate, EnvelopeClaim, EnvelopeRefund, CircleRegister, CirclePay, CirclePrice, CircleClose, CircleSettle }

/// <summary>
/// One payment made from a chat, written before anything else happens (after the user confirmed it), so that a crash
/// at any later step is finished by <see cref="PaymentReconciler"/>: the wallet row is enqueued with the same idempotency
/// key (exactly once), the message is posted with a client id derived from it (exactly once), and the message's payload
/// follows the wallet row until the chain has settled it.
/// </summary>
public sealed class PaymentLink
{
    public Guid Id { get; private set; }
    public Guid UserId { get; private set; }
    public string IdempotencyKey { get; private set; } = "";
    public PaymentRole Role { get; private set; }
    public Guid ChatId { get; private set; }

    /// <summary>The request's terms as JSON, to enqueue the wallet row again after a crash.</summary>
    public string Terms { get; private set; } = "{}";

    /// <summary>The tipped message (Tip) or the envelope's message (claims, refunds).</summary>
    public Guid? TargetMessageId { get; private set; }
    public Guid? TransferId { get; private set; }
    public Guid? MessageId { get; private set; }
    public string? LastStatus { get; private set; }
    public bool Settled { get; private set; }

    /// <summary>
    /// Envelopes: the chain's id (a drop: once created; a claim or refund: the envelope it acts on), its expiry, and
    /// whether it is finished (empty or refunded).
    /// </summary>
    public string? EnvelopeId { get; private set; }
    public DateTimeOffset? ExpiresAt { get; private set; }
    public bool Closed { get; private set; }
    public string? FailureReason { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }

    PaymentLink() { }

    /// <param name="envelopeId">Claims and refunds: the envelope they act on, stored (never read back out of the key).</param>
    public PaymentLink(Guid userId, string idempotencyKey, PaymentRole role, Guid chatId, string terms, Guid? targetMessageId,
        DateTimeOffset? expiresAt, DateTimeOffset now, string? envelopeId = null)
    {
        Id = Guid.CreateVersion7();
        (UserId, IdempotencyKey, Role, ChatId, Terms, TargetMessageId, ExpiresAt, CreatedAt, EnvelopeId) =
            (userId, idempotencyKey, role, chatId, terms, targetMessageId, expiresAt, now, envelopeId);
    }

    /// <summary>The message's client id: derived from the payment, so every retry posts the same message.</summary>
    public Guid ClientMessageId => new(SHA256.HashData(Encoding.UTF8.GetBytes($"payment:{UserId}:{IdempotencyKey}")).AsSpan(0, 16));

    public void Enqueued(Guid transferId) => TransferId = transferId;

    public void Posted(Guid messageId) => MessageId = messageId;

    /// <summary>The wallet refused it (e.g. the balance fell before a crash-recovered enqueue): no payment, no message.</summary>
    public void Refused(string reason) => (Settled, Closed, FailureReason, LastStatus) = (true, true, reason, "Refused");

    public void Observed(string status, bool final) => (LastStatus, Settled) = (status, final);

    public void EnvelopeCreated(string envelopeId) => EnvelopeId = envelopeId;

    public void Close() => Closed = true;
}

sealed class PaymentLinkConfiguration : IEntityTypeConfiguration<PaymentLink>
{
    public void Configure(EntityTypeBuilder<PaymentLink> entity)
    {
        entity.ToTable("PaymentLinks");
        entity.HasKey(l => l.Id);
        entity.HasIndex(l => new { l.UserId, l.IdempotencyKey }).IsUnique();
        entity.HasIndex(l => l.Settled);
        entity.HasIndex(l => l.TargetMessageId);
        entity.Property(l => l.IdempotencyKey).HasMaxLength(100);
        entity.Property(l => l.Role).HasConversion<string>().HasMaxLength(16);
        entity.Property(l => l.Terms).HasMaxLength(2_000);
        entity.Property(l => l.LastStatus).HasMaxLength(16);
        entity.Property(l => l.EnvelopeId).HasMaxLength(80);
        entity.Property(l => l.FailureReason).HasMaxLength(200);
        entity.Property(l => l.ExpiresAt).HasConversion<long?>(v => v == null ? null : v.Value.ToUnixTimeMilliseconds(),
            v => v == null ? null : DateTimeOffset.FromUnixTimeMilliseconds(v.Value));
        entity.Property(l => l.CreatedAt).HasConversion<long>(v => v.ToUnixTimeMilliseconds(), v => DateTimeOffset.FromUnixTimeMilliseconds(v));
        entity.Ignore(l => l.ClientMessageId);
    }
}
