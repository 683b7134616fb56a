using System.Security.Cryptography;
using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using OpenChat.Chain.Kernel;
using OpenChat.Chain.Messaging.Sync;

namespace OpenChat.Chain.Messaging.Media;

/// <summary>Stores an uploaded file once per content (SHA-256), after checking its size and its real type.</summary>
/// <remarks>
/// <see cref="Encrypted"/>: the bytes are a file a private chat's device encrypted (AES-GCM, its key inside the MLS
/// message): they are stored as opaque <see cref="MediaBlob.EncryptedContentType"/> without sniffing, and named by a
/// domain-separated hash, so ciphertext dedups with ciphertext only and can never take the id (and the type) of a plain
/// file: whoever uploads a popular image "encrypted" first does not turn everyone's copy of it into opaque bytes.
/// </remarks>
public sealed record UploadMedia(Guid UserId, ReadOnlyMemory<byte> Bytes, bool Encrypted = false) : ICommand<Result<MediaView>>;

public sealed record MediaView(string Id, string Url, string ContentType, long Size, bool AlreadyStored);

public sealed class UploadMediaValidator : AbstractValidator<UploadMedia>
{
    public UploadMediaValidator() => RuleFor(u => u.Bytes.Length).GreaterThan(0).WithName("file").WithMessage("The file is empty.");
}

public sealed class UploadMediaHandler(MessagingDb db, UpdateLog log, MediaStore store, MessagingOptions options, TimeProvider clock)
    : ICommandHandler<UploadMedia, Result<MediaView>>
{
    public async ValueTask<Result<MediaView>> Handle(UploadMedia command, CancellationToken ct)
    {
        if (command.Bytes.Length > options.MaxMediaBytes)
            return MessagingErrors.MediaTooLarge.With($"At most {options.MaxMediaBytes / (1024 * 1024)} MiB.");
        var contentType = command.Encrypted
            ? MediaBlob.EncryptedContentType
            : ContentSniffer.Detect(command.Bytes.Span[..Math.Min(command.Bytes.Length, 16)]);
        if (contentType is null)
            return MessagingErrors.MediaTypeNotAllowed.With("Images (JPEG, PNG, GIF, WebP), PDF, MP4 and Ogg audio are accepted.");

        var id = command.Encrypted ? EncryptedId(command.Bytes.Span) : Convert.ToHexStringLower(SHA256.HashData(command.Bytes.Span));
        var blob = await db.MediaBlobs.FirstOrDefaultAsync(b => b.Id == id, ct);
        // "Already stored" speaks of the caller's own uploads only: whether someone else sent these bytes is not told.
        var alreadyStored = await db.MediaUploads.AnyAsync(u => u.MediaId == id && u.UserId == command.UserId, ct);
        if (blob is null)
        {
            await store.Save(id, command.Bytes, ct);
            blob = new MediaBlob(id, contentType, command.Bytes.Length, command.UserId, clock.GetUtcNow());
            db.MediaBlobs.Add(blob);
        }
        if (!alreadyStored) db.MediaUploads.Add(new MediaUpload(id, command.UserId));
        try
        {
            await log.Write(token => db.SaveChangesAsync(token), ct);
        }
        catch (DbUpdateException) when (!ct.IsCancellationRequested)
        {
            // The same bytes uploaded twice at once: the other upload stored the blob row; ours only needs the upload row.
            db.ChangeTracker.Clear();
            if (!await db.MediaUploads.AnyAsync(u => u.MediaId == id && u.UserId == command.UserId, ct))
            {
                db.MediaUploads.Add(new MediaUpload(id, command.UserId));
                await log.Write(token => db.SaveChangesAsync(token), ct);
            }
        }
        return new MediaView(id, $"/api/media/{id}", blob.ContentType, blob.Size, alreadyStored);
    }

    static readonly byte[] EncryptedDomain = "openchat/encrypted-media/v1\0"u8.ToArray();

    /// <summary>SHA-256 over a fixed prefix and the ciphertext: still content-addressed, never equal to a plain file's id.</summary>
    static string EncryptedId(ReadOnlySpan<byte> bytes)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(EncryptedDomain);
        hash.AppendData(bytes);
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }
}
