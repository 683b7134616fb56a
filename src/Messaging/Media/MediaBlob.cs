using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace OpenChat.Chain.Messaging.Media;

/// <summary>An uploaded file, named by the SHA-256 of its bytes: the same file is stored once, whoever sends it.</summary>
public sealed class MediaBlob
{
    public string Id { get; private set; } = "";
    public string ContentType { get; private set; } = "";
    public long Size { get; private set; }
    public Guid FirstUploadedBy { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }

    /// <summary>
    /// The type of a file a private chat's device encrypted before upload (issue 18): opaque bytes the service never
    /// sniffs, previews or serves inline; only a private chat's encrypted message may carry one, and only one may go there.
    /// </summary>
    public const string EncryptedContentType = "application/octet-stream";

    public bool IsEncrypted => ContentType == EncryptedContentType;

    MediaBlob() { }

    public MediaBlob(string sha256Hex, string contentType, long size, Guid uploadedBy, DateTimeOffset now) =>
        (Id, ContentType, Size, FirstUploadedBy, CreatedAt) = (sha256Hex, contentType, size, uploadedBy, now);
}

/// <summary>Who uploaded which blob: an uploader may attach and fetch their own uploads.</summary>
public sealed class MediaUpload
{
    public string MediaId { get; private set; } = "";
    public Guid UserId { get; private set; }

    MediaUpload() { }

    public MediaUpload(string mediaId, Guid userId) => (MediaId, UserId) = (mediaId, userId);
}

sealed class MediaBlobConfiguration : IEntityTypeConfiguration<MediaBlob>
{
    public void Configure(EntityTypeBuilder<MediaBlob> entity)
    {
        entity.HasKey(m => m.Id);
        entity.Property(m => m.Id).HasMaxLength(64);
        entity.Property(m => m.ContentType).HasMaxLength(100);
        entity.Ignore(m => m.IsEncrypted);
    }
}

sealed class MediaUploadConfiguration : IEntityTypeConfiguration<MediaUpload>
{
    public void Configure(EntityTypeBuilder<MediaUpload> entity)
    {
        entity.HasKey(m => new { m.MediaId, m.UserId });
        entity.Property(m => m.MediaId).HasMaxLength(64);
    }
}
