using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using OpenChat.Chain.Messaging.Messages;

namespace OpenChat.Chain.Messaging.Chats;

public enum ChatKind { Direct, Group }

/// <summary>A direct chat between two people or a group; it numbers its messages 1, 2, 3… in order.</summary>
public sealed class Chat
{
    /// <summary>WeChat caps groups at 500; ours hold twice as many.</summary>
    public const int MaxGroupMembers = 1_000;

    /// <summary>MLS (RFC 9420) keeps commits logarithmic in the group size, but every member's device holds the whole ratchet tree.</summary>
    public const int MaxPrivateMembers = 100;

    public Guid Id { get; private set; }
    public ChatKind Kind { get; private set; }
    public string? Title { get; private set; }
    public Guid CreatedBy { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }

    /// <summary>For direct chats, the two user ids in order: one direct chat per pair.</summary>
    public string? DirectKey { get; private set; }

    /// <summary>The secret part of the group's invite link; null when there is none.</summary>
    public string? InviteCode { get; private set; }

    /// <summary>
    /// End-to-end encrypted (issue 18): its messages are MLS ciphertext the service stores and relays but cannot read.
    /// Chosen at creation and never changed: turning it off would let a plaintext reply follow encrypted history.
    /// </summary>
    public bool IsPrivate { get; private set; }

    /// <summary>The sequence number of the latest message.</summary>
    public long LastSequence { get; private set; }

    /// <summary>Optimistic concurrency token: two senders never take the same sequence number.</summary>
    public Guid Version { get; private set; }

    Chat() { }

    public static Chat Direct(Guid a, Guid b, DateTimeOffset now, bool isPrivate = false) => new()
    {
        Id = Guid.CreateVersion7(), Kind = ChatKind.Direct, CreatedBy = a, CreatedAt = now, DirectKey = DirectKeyOf(a, b, isPrivate),
        Version = Guid.NewGuid(), IsPrivate = isPrivate,
    };

    public static Chat Group(Guid owner, string title, DateTimeOffset now, bool isPrivate = false) => new()
    {
        Id = Guid.CreateVersion7(), Kind = ChatKind.Group, Title = title, CreatedBy = owner, CreatedAt = now, Version = Guid.NewGuid(),
        IsPrivate = isPrivate,
    };

    /// <summary>One plain and one private direct chat per pair: the private one's key joins the ids with '#' (same length).</summary>
    public static string DirectKeyOf(Guid a, Guid b, bool isPrivate = false)
    {
        var separator = isPrivate ? '#' : ':';
        return a.CompareTo(b) < 0 ? $"{a:N}{separator}{b:N}" : $"{b:N}{separator}{a:N}";
    }

    public void Rename(string title) => Title = Kind == ChatKind.Group ? title : throw new InvalidOperationException($"Chat {Id}: a direct chat has no title");

    public void SetInviteCode(string? code) => InviteCode = Kind == ChatKind.Group ? code : throw new InvalidOperationException($"Chat {Id}: a direct chat has no invite link");

    /// <summary>Posts the next message. Call SaveChanges once: the version check makes a concurrent post retry.</summary>
    public Message Post(Guid senderId, Guid clientMessageId, MessageKind kind, string? text, DateTimeOffset now,
        Guid? replyToId = null, Guid? forwardedFromId = null, string? payload = null)
    {
        LastSequence += 1;
        Version = Guid.NewGuid();
        return new Message(Id, LastSequence, senderId, clientMessageId, kind, text, now, replyToId, forwardedFromId, payload);
    }
}

sealed class ChatConfiguration : IEntityTypeConfiguration<Chat>
{
    public void Configure(EntityTypeBuilder<Chat> entity)
    {
        entity.HasKey(c => c.Id);
        entity.Property(c => c.Title).HasMaxLength(100);
        entity.Property(c => c.DirectKey).HasMaxLength(65);
        entity.HasIndex(c => c.DirectKey).IsUnique();
        entity.Property(c => c.InviteCode).HasMaxLength(32);
        entity.HasIndex(c => c.InviteCode).IsUnique();
        entity.Property(c => c.Version).IsConcurrencyToken();
    }
}
