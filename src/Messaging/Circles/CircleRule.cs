using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace OpenChat.Chain.Messaging.Circles;

/// <summary>Who may come into a group: anyone with the link, only whom an admin invites, who pays, who holds, or both.</summary>
public enum CircleAccess { Open, InviteOnly, Pay, Hold, PayAndHold }

/// <summary>
/// A group's access rule, visible to outsiders with its name and member count (never its messages). Amounts are ChatCoin
/// base units as decimal strings; the paid part lives on chain (CircleAccess), whose id is recorded once registered.
/// </summary>
public sealed class CircleRule
{
    public Guid ChatId { get; private set; }
    public CircleAccess Access { get; private set; }
    public string Description { get; private set; } = "";
    public string Price { get; private set; } = "0";
    public long PeriodSeconds { get; private set; }
    public string MinBalance { get; private set; } = "0";

    /// <summary>Hold-to-join counts voting power (own coins delegated to oneself plus what others delegated) instead of the balance.</summary>
    public bool HoldMeasuresVotes { get; private set; }
    public string? OnChainId { get; private set; }
    public bool Closed { get; private set; }

    CircleRule() { }

    public CircleRule(Guid chatId) => ChatId = chatId;

    public bool IsPaid => Access is CircleAccess.Pay or CircleAccess.PayAndHold;
    public bool IsHeld => Access is CircleAccess.Hold or CircleAccess.PayAndHold;

    public void Change(CircleAccess access, string description, string price, long periodSeconds, string minBalance, bool holdMeasuresVotes) =>
        (Access, Description, Price, PeriodSeconds, MinBalance, HoldMeasuresVotes) = (access, description, price, periodSeconds, minBalance, holdMeasuresVotes);

    public void Registered(string onChainId) => OnChainId = onChainId;

    public void Repriced(string price) => Price = price;

    public void Close() => Closed = true;
}

sealed class CircleRuleConfiguration : IEntityTypeConfiguration<CircleRule>
{
    public void Configure(EntityTypeBuilder<CircleRule> entity)
    {
        entity.ToTable("CircleRules");
        entity.HasKey(r => r.ChatId);
        entity.Property(r => r.Access).HasConversion<string>().HasMaxLength(16);
        entity.Property(r => r.Description).HasMaxLength(1_000);
        entity.Property(r => r.Price).HasMaxLength(80);
        entity.Property(r => r.MinBalance).HasMaxLength(80);
        entity.Property(r => r.OnChainId).HasMaxLength(80);
        entity.Ignore(r => r.IsPaid);
        entity.Ignore(r => r.IsHeld);
    }
}
