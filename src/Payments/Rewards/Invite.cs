using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace OpenChat.Chain.Payments.Rewards;

/// <summary>A person's invite code: whoever signs up with it is recorded as their invitee (one code per person).</summary>
public sealed class Invite
{
    public string Code { get; private set; } = "";
    public Guid InviterId { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }

    Invite() { }

    public Invite(string code, Guid inviterId, DateTimeOffset now) => (Code, InviterId, CreatedAt) = (code, inviterId, now);
}

sealed class InviteConfiguration : IEntityTypeConfiguration<Invite>
{
    public void Configure(EntityTypeBuilder<Invite> entity)
    {
        entity.ToTable("Invites");
        entity.HasKey(i => i.Code);
        entity.HasIndex(i => i.InviterId).IsUnique();
        entity.Property(i => i.Code).HasMaxLength(32);
        entity.Property(i => i.CreatedAt).HasConversion<long>(v => v.ToUnixTimeMilliseconds(), v => DateTimeOffset.FromUnixTimeMilliseconds(v));
    }
}
