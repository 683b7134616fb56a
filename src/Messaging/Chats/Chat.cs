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

    public Guid Id { get; private set; }
    public ChatKind Kind { get; private set; }
    public string? Title { get; private set; }
    public Guid CreatedBy { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }

    /// <summary>For direct chats, the two user ids in order: one direct chat per pair.</summary>
    public string? DirectKey { get; private set; }

    /// <summary>The secret part of the group's invite link; null when there is none.</summary>
    public string? InviteCode { get; private set; }

    /// <summary>The sequence number of the latest message.</summary>
    public long LastSequence { get; private set; }

    /// <summary>Optimistic concurrency token: two senders never take the same sequence number.</summary>
    public Guid Version { get; private set; }

    Chat() { }

    public static Chat Direct(Guid a, Guid b, DateTimeOffset now) => new()
    {
        Id = Guid.CreateVersion7(), Kind = ChatKind.Direct, CreatedBy = a, CreatedAt = now, DirectKey = DirectKeyOf(a, b),
        Version = Guid.NewGuid(),
    };

    public static Chat Group(Guid owner, string title, DateTimeOffset now) => new()
    {
        Id = Guid.CreateVersion7(), Kind = ChatKind.Group, Title = title, CreatedBy = owner, CreatedAt = now, Version = Guid.NewGuid(),
    };

    public static string DirectKeyOf(Guid a, Guid b) => a.CompareTo(b) < 0 ? $"{a:N}:{b:N}" : $"{b:N}:{a:N}";

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
