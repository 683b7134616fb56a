using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace OpenChat.Chain.Messaging.Messages;

/// <summary>
/// What a message carries; the payment kinds hold their details in <see cref="Message.Payload"/>. In a private chat
/// (issue 18) <see cref="Encrypted"/> (an MLS application message) and <see cref="Handshake"/> (an MLS Welcome or
/// Commit) hold base64 MLS ciphertext in <see cref="Message.Payload"/> and no text: the service orders and relays
/// them like any message but cannot read them.
/// </summary>
public enum MessageKind { Text, System, Transfer, Tip, RedEnvelope, Proposal, Encrypted, Handshake }

public sealed class Message
{
    public const int MaxTextLength = 4_000;

    /// <summary>Base64 of one MLS message: a Welcome for a 100-member group carries its ratchet tree (about 40 KB).</summary>
    public const int MaxCiphertextLength = 262_144;

    public Guid Id { get; private set; }
    public Guid ChatId { get; private set; }

    /// <summary>1, 2, 3… within the chat, without gaps: the order every device shows.</summary>
    public long Sequence { get; private set; }
    public Guid SenderId { get; private set; }

    /// <summary>Chosen by the sending device; a retry with the same id returns the stored message.</summary>
    public Guid ClientMessageId { get; private set; }
    public MessageKind Kind { get; private set; }
    public string? Text { get; private set; }
    public Guid? ReplyToId { get; private set; }
    public Guid? ForwardedFromId { get; private set; }

    /// <summary>Machine-readable details of payment and proposal messages (JSON), owned by the context that posts them.</summary>
    public string? Payload { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }
    public DateTimeOffset? EditedAt { get; private set; }
    public DateTimeOffset? DeletedAt { get; private set; }
    public List<Attachment> Attachments { get; private set; } = [];

    Message() { }

    internal Message(Guid chatId, long sequence, Guid senderId, Guid clientMessageId, MessageKind kind, string? text,
        DateTimeOffset now, Guid? replyToId, Guid? forwardedFromId, string? payload)
    {
        Id = Guid.CreateVersion7();
        ChatId = chatId;
        Sequence = sequence;
        SenderId = senderId;
        ClientMessageId = clientMessageId;
        Kind = kind;
        Text = text;
        CreatedAt = now;
        ReplyToId = replyToId;
        ForwardedFromId = forwardedFromId;
        Payload = payload;
    }

    public bool IsDeleted => DeletedAt is not null;

    /// <summary>
    /// Kinds a person wrote: plain text or (issue 18) its MLS ciphertext. Only these are edited or deleted, tipped, or
    /// count as an invitee's first message; notices, payments, proposals and MLS handshakes are not.
    /// </summary>
    public static readonly MessageKind[] WrittenKinds = [MessageKind.Text, MessageKind.Encrypted];

    public static bool IsWritten(MessageKind kind) => Array.IndexOf(WrittenKinds, kind) >= 0;

    /// <summary>The same rule for a <see cref="MessageView.Kind"/> (the kind's name).</summary>
    public static bool IsWritten(string kind) => Enum.TryParse<MessageKind>(kind, out var parsed) && IsWritten(parsed);

    /// <summary>A private chat's MLS message (application or handshake): ciphertext only its members' devices can read.</summary>
    public static bool IsCiphertext(MessageKind kind) => kind is MessageKind.Encrypted or MessageKind.Handshake;

    public void Attach(IReadOnlyList<string> mediaIds)
    {
        for (var i = 0; i < mediaIds.Count; i++) Attachments.Add(new Attachment(Id, i, mediaIds[i]));
    }

    public void Edit(string text, DateTimeOffset now)
    {
        if (IsDeleted) throw new InvalidOperationException($"Message {Id} is deleted");
        (Text, EditedAt) = (text, now);
    }

    /// <summary>A private chat's edit: a new MLS ciphertext replaces the old one.</summary>
    public void EditCiphertext(string ciphertext, DateTimeOffset now)
    {
        if (IsDeleted) throw new InvalidOperationException($"Message {Id} is deleted");
        if (Kind != MessageKind.Encrypted) throw new InvalidOperationException($"Message {Id} is not encrypted");
        (Payload, EditedAt) = (ciphertext, now);
    }

    /// <summary>Delete for everyone: the content goes, the place in the chat stays (“message deleted”).</summary>
    public void Delete(DateTimeOffset now)
    {
        if (IsDeleted) throw new InvalidOperationException($"Message {Id} is already deleted");
        (Text, Payload, DeletedAt) = (null, null, now);
        Attachments.Clear();
    }

    public void ChangePayload(string payload) => Payload = payload;
}

public sealed class Attachment
{
    public Guid MessageId { get; private set; }
    public int Position { get; private set; }
    public string MediaId { get; private set; } = "";

    Attachment() { }

    public Attachment(Guid messageId, int position, string mediaId) => (MessageId, Position, MediaId) = (messageId, position, mediaId);
}

sealed class MessageConfiguration : IEntityTypeConfiguration<Message>
{
    public void Configure(EntityTypeBuilder<Message> entity)
    {
        entity.HasKey(m => m.Id);
        entity.HasIndex(m => new { m.ChatId, m.Sequence }).IsUnique();
        entity.HasIndex(m => new { m.ChatId, m.ClientMessageId }).IsUnique();
        entity.Property(m => m.Text).HasMaxLength(Message.MaxTextLength);
        entity.HasMany(m => m.Attachments).WithOne().HasForeignKey(a => a.MessageId).OnDelete(DeleteBehavior.Cascade);
        entity.Navigation(m => m.Attachments).AutoInclude();
    }
}

sealed class AttachmentConfiguration : IEntityTypeConfiguration<Attachment>
{
    public void Configure(EntityTypeBuilder<Attachment> entity)
    {
        entity.HasKey(a => new { a.MessageId, a.Position });
        entity.Property(a => a.MediaId).HasMaxLength(64);
    }
}
