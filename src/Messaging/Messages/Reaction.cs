using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace OpenChat.Chain.Messaging.Messages;

/// <summary>One person's one emoji on one message.</summary>
public sealed class Reaction
{
    public Guid MessageId { get; private set; }
    public Guid UserId { get; private set; }
    public string Emoji { get; private set; } = "";
    public DateTimeOffset At { get; private set; }

    Reaction() { }

    public Reaction(Guid messageId, Guid userId, string emoji, DateTimeOffset at) => (MessageId, UserId, Emoji, At) = (messageId, userId, emoji, at);
}

sealed class ReactionConfiguration : IEntityTypeConfiguration<Reaction>
{
    public void Configure(EntityTypeBuilder<Reaction> entity)
    {
        entity.HasKey(r => new { r.MessageId, r.UserId, r.Emoji });
        entity.Property(r => r.Emoji).HasMaxLength(16);
    }
}
