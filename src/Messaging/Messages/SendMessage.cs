using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using OpenChat.Chain.Kernel;
using OpenChat.Chain.Messaging.Chats;
using OpenChat.Chain.Messaging.Media;

namespace OpenChat.Chain.Messaging.Messages;

/// <summary>Posts a text and/or media message, optionally as a reply. Retrying with the same ClientMessageId is safe.</summary>
/// <remarks>
/// In a private chat (issue 18) the device sends <see cref="Ciphertext"/> (base64 MLS) and no text or media; a
/// <see cref="Handshake"/> carries an MLS Welcome or Commit instead of a chat message. Its media are files the device
/// encrypted before upload (their keys travel inside the ciphertext); a plain chat takes none of those.
/// </remarks>
public sealed record SendMessage(Guid ChatId, Guid SenderId, Guid ClientMessageId, string? Text,
    IReadOnlyList<string>? MediaIds = null, Guid? ReplyToId = null, string? Ciphertext = null, bool Handshake = false)
    : ICommand<Result<MessageView>>;

public sealed class SendMessageValidator : AbstractValidator<SendMessage>
{
    public SendMessageValidator()
    {
        RuleFor(m => m.ClientMessageId).NotEmpty();
        RuleFor(m => m.Text).MaximumLength(Message.MaxTextLength);
        RuleFor(m => m.Text).PlainText();
        RuleFor(m => m.Text).NotEmpty().When(m => m.MediaIds is not { Count: > 0 } && m.Ciphertext is null)
            .WithMessage("A message needs text or an attachment.");
        RuleFor(m => m.Text).Empty().When(m => m.Ciphertext is not null)
            .WithMessage("An encrypted message carries its text inside the ciphertext.");
        RuleFor(m => m.MediaIds).Must(ids => ids is not { Count: > 0 }).When(m => m.Handshake)
            .WithMessage("A handshake carries no attachments.");
        RuleFor(m => m.Ciphertext).Ciphertext();
        RuleFor(m => m.Ciphertext).NotEmpty().When(m => m.Handshake).WithMessage("A handshake is an MLS message in ciphertext.");
        RuleFor(m => m.MediaIds).Must(ids => ids is null || ids.Count <= 10).WithMessage("At most 10 attachments.");
        RuleForEach(m => m.MediaIds).Matches("^[0-9a-f]{64}$").WithMessage("A media id is the file's SHA-256 in hex.");
    }
}

public sealed class SendMessageHandler(MessagingDb db, MemberCache members, PrivateChats privateChats, PostMessage post)
    : ICommandHandler<SendMessage, Result<MessageView>>
{
    public async ValueTask<Result<MessageView>> Handle(SendMessage command, CancellationToken ct)
    {
        if (!await members.IsActive(db, command.ChatId, command.SenderId, ct)) return MessagingErrors.ChatNotFound;

        // A retry reuses ClientMessageId: the writer remembers recent ones, and checks older ones against the
        // unique index (ChatId, ClientMessageId) when it commits, answering with the stored message.
        if (await post.Recent(db, command.ChatId, command.ClientMessageId, ct) is { } earlier) return earlier;

        // A private chat never stores a plaintext a buggy client sent by mistake, nor a plain chat opaque bytes.
        var isPrivate = await privateChats.IsPrivate(db, command.ChatId, ct) ?? false;
        if (isPrivate && command.Ciphertext is null) return MessagingErrors.PlaintextInPrivateChat;
        if (!isPrivate && command.Ciphertext is not null) return MessagingErrors.CiphertextInPlainChat;
        if (command.ReplyToId is { } replyTo && !await db.Messages.AnyAsync(m => m.Id == replyTo && m.ChatId == command.ChatId, ct))
            return MessagingErrors.ReplyTargetNotFound;

        var mediaIds = command.MediaIds ?? [];
        if (mediaIds.Count > 0)
        {
            var mine = await db.MediaUploads.CountAsync(u => u.UserId == command.SenderId && mediaIds.Contains(u.MediaId), ct);
            if (mine != mediaIds.Distinct().Count()) return MessagingErrors.MediaNotFound.With("Upload the file before attaching it.");
            // The service must never hold a private chat's photo in the clear, nor show a plain chat bytes it cannot read.
            var encrypted = await db.MediaBlobs.CountAsync(b => mediaIds.Contains(b.Id) && b.ContentType == MediaBlob.EncryptedContentType, ct);
            if (isPrivate && encrypted != mediaIds.Distinct().Count()) return MessagingErrors.MediaNotEncrypted;
            if (!isPrivate && encrypted > 0) return MessagingErrors.EncryptedMediaInPlainChat;
        }

        if (command.Ciphertext is { } ciphertext)
            return await post.TryPost(new PostMessage.Draft(command.ChatId, command.SenderId, command.ClientMessageId,
                command.Handshake ? MessageKind.Handshake : MessageKind.Encrypted, null, mediaIds, command.ReplyToId, null, ciphertext), ct);

        return await post.TryPost(new PostMessage.Draft(command.ChatId, command.SenderId, command.ClientMessageId, MessageKind.Text,
            command.Text, mediaIds, command.ReplyToId, null, null), ct);
    }
}
