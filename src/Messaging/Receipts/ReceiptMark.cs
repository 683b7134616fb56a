using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace OpenChat.Chain.Messaging.Receipts;

/// <summary>
/// When a member's cursors moved, and to where: the member row keeps only how far, this keeps when, so a message's
/// info can say at what time each member received and read it (the first mark whose cursor reaches the message).
/// </summary>
public sealed class ReceiptMark
{
    public long Id { get; private set; }
    public Guid ChatId { get; private set; }
    public Guid UserId { get; private set; }
    public long DeliveredUpTo { get; private set; }
    public long ReadUpTo { get; private set; }
    public DateTimeOffset At { get; private set; }

    ReceiptMark() { }

    public ReceiptMark(Guid chatId, Guid userId, long deliveredUpTo, long readUpTo, DateTimeOffset at) =>
        (ChatId, UserId, DeliveredUpTo, ReadUpTo, At) = (chatId, userId, deliveredUpTo, readUpTo, at);
}

sealed class ReceiptMarkConfiguration : IEntityTypeConfiguration<ReceiptMark>
{
    public void Configure(EntityTypeBuilder<ReceiptMark> entity)
    {
        entity.HasKey(r => r.Id);
        entity.Property(r => r.Id).ValueGeneratedOnAdd();
        // Marks only move forward per member: the first one reaching a sequence is found along (chat, user, cursor).
        entity.HasIndex(r => new { r.ChatId, r.UserId, r.DeliveredUpTo });
    }
}
