using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace OpenChat.Chain.Messaging.Sync;

public enum UpdateKind { MessagePosted, MessageEdited, MessageDeleted, ReactionsChanged, MemberJoined, MemberLeft, ReceiptsAdvanced, ChatChanged, PaymentChanged, ProfileChanged,
    /// <summary>A member's own mute, pin or archive: only that member's devices receive it.</summary>
    SettingsChanged }

/// <summary>
/// One change to a chat, numbered across all chats in commit order. A device keeps the last number it saw
/// and asks for everything after it: nothing missed, nothing twice. (Every writer, on every instance, draws and
/// commits numbers under the database's write lock, so they become visible in order: see <see cref="UpdateLog"/>.)
/// </summary>
public sealed class ChatUpdate
{
    public long Id { get; private set; }
    public Guid ChatId { get; private set; }
    public UpdateKind Kind { get; private set; }
    public Guid? MessageId { get; private set; }
    public Guid? UserId { get; private set; }
    public DateTimeOffset At { get; private set; }

    ChatUpdate() { }

    public ChatUpdate(Guid chatId, UpdateKind kind, DateTimeOffset at, Guid? messageId = null, Guid? userId = null) =>
        (ChatId, Kind, At, MessageId, UserId) = (chatId, kind, at, messageId, userId);

    /// <summary>The writer numbers message updates itself, in commit order, instead of asking the database.</summary>
    internal ChatUpdate Numbered(long id)
    {
        Id = Id == 0 ? id : throw new InvalidOperationException($"Update {Id} is already numbered");
        return this;
    }
}

sealed class ChatUpdateConfiguration : IEntityTypeConfiguration<ChatUpdate>
{
    public void Configure(EntityTypeBuilder<ChatUpdate> entity)
    {
        entity.HasKey(u => u.Id);
        entity.Property(u => u.Id).ValueGeneratedOnAdd();
        entity.HasIndex(u => new { u.ChatId, u.Id });
    }
}
