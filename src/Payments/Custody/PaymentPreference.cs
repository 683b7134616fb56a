using System.Globalization;
using System.Numerics;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace OpenChat.Chain.Payments.Custody;

/// <summary>
/// A user's own rule for small payments: below <see cref="SessionSufficesBelow"/> (base units) their signed-in session is
/// enough, at or above it a passkey confirms. No row, or zero: every payment asks (the default).
/// </summary>
public sealed class PaymentPreference
{
    public Guid UserId { get; private set; }
    public string SessionSufficesBelow { get; private set; } = "0";
    public DateTimeOffset ChangedAt { get; private set; }

    PaymentPreference() { }

    public PaymentPreference(Guid userId) => UserId = userId;

    public BigInteger Threshold => BigInteger.Parse(SessionSufficesBelow, CultureInfo.InvariantCulture);

    public void Change(BigInteger threshold, DateTimeOffset at) =>
        (SessionSufficesBelow, ChangedAt) = (threshold.ToString(CultureInfo.InvariantCulture), at);
}

sealed class PaymentPreferenceConfiguration : IEntityTypeConfiguration<PaymentPreference>
{
    public void Configure(EntityTypeBuilder<PaymentPreference> entity)
    {
        entity.ToTable("PaymentPreferences");
        entity.HasKey(p => p.UserId);
        entity.Property(p => p.SessionSufficesBelow).HasMaxLength(80);
        entity.Property(p => p.ChangedAt).HasConversion<long>(v => v.ToUnixTimeMilliseconds(), v => DateTimeOffset.FromUnixTimeMilliseconds(v));
        entity.Ignore(p => p.Threshold);
    }
}
