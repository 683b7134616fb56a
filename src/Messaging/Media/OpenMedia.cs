using Mediator;
using Microsoft.EntityFrameworkCore;
using OpenChat.Chain.Kernel;
using OpenChat.Chain.Messaging.Chats;

namespace OpenChat.Chain.Messaging.Media;

/// <summary>
/// A file for someone allowed to see it: its uploader, an active member of a chat with a (not deleted) message
/// carrying it, or any signed-in user for an image its uploader made their avatar. Everyone else gets "not found", so a hash cannot be used to learn what others sent.
/// </summary>
public sealed record OpenMedia(Guid UserId, string MediaId) : IQuery<Result<MediaFile>>;

public sealed record MediaFile(string ContentType, long Size, Func<Stream> Open);

public sealed class OpenMediaHandler(MessagingDb db, MediaStore store) : IQueryHandler<OpenMedia, Result<MediaFile>>
{
    public async ValueTask<Result<MediaFile>> Handle(OpenMedia query, CancellationToken ct)
    {
        var blob = await db.MediaBlobs.AsNoTracking().FirstOrDefaultAsync(b => b.Id == query.MediaId, ct);
        if (blob is null) return MessagingErrors.MediaNotFound;

        var allowed = await db.MediaUploads.AnyAsync(u => u.MediaId == blob.Id && u.UserId == query.UserId, ct)
            // An avatar counts only as its owner's own upload, whatever an older version let a profile point at.
            || (blob.ContentType.StartsWith("image/", StringComparison.Ordinal) && await db.Users.AnyAsync(
                u => u.AvatarMediaId == blob.Id && db.MediaUploads.Any(m => m.MediaId == blob.Id && m.UserId == u.Id), ct))
            || await db.Messages.Where(m => m.Attachments.Any(a => a.MediaId == blob.Id))
                .AnyAsync(m => db.Members.Any(c => c.ChatId == m.ChatId && c.UserId == query.UserId && c.Status == MembershipStatus.Active), ct);
        if (!allowed) return MessagingErrors.MediaNotFound;
        return new MediaFile(blob.ContentType, blob.Size, () => store.Open(blob.Id));
    }
}
