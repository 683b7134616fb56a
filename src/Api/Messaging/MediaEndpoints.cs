using System.Security.Claims;
using Mediator;
using Microsoft.AspNetCore.Http.HttpResults;
using OpenChat.Chain.Api.Auth;
using OpenChat.Chain.Messaging;
using OpenChat.Chain.Messaging.Media;

namespace OpenChat.Chain.Api.Messaging;

public static class MediaEndpoints
{
    public static void MapMediaEndpoints(this IEndpointRouteBuilder app)
    {
        var media = app.MapGroup("/api/media").WithTags("Media").RequireAuthorization();
        // The file has its own limit (MessagingOptions.MaxMediaBytes), checked while reading; not the JSON bodies' one.
        media.MapPost("/", Upload).DisableAntiforgery().WithMetadata(new Pipeline.BadRequests.OwnBodyLimit())
            .WithSummary("Upload a file")
            .WithDescription("The raw request body is the file; its type is read from its bytes. Stored once by content hash, which is its id. " +
                "With ?encrypted=true the body is a file a private chat's device encrypted: stored as opaque application/octet-stream, " +
                "never sniffed, attachable only to an encrypted message of a private chat.");
        media.MapGet("/{mediaId:regex(^[0-9a-f]{{64}}$)}", Open)
            .WithSummary("Download a file")
            .WithDescription("For its uploader, the members of a chat with a message carrying it, or anyone for an avatar; everyone else gets " +
                "404. Images are shown inline, anything else is a download.");
    }

    /// <summary>The file is the raw request body; its type is read from its bytes, not from Content-Type.</summary>
    static async Task<Results<Created<MediaView>, ProblemHttpResult>> Upload(
        HttpRequest request, ClaimsPrincipal user, IMediator mediator, MessagingOptions options, CancellationToken ct, bool encrypted = false)
    {
        var tooLarge = MessagingErrors.MediaTooLarge.With($"At most {options.MaxMediaBytes / (1024 * 1024)} MiB.");
        if (request.ContentLength > options.MaxMediaBytes) return tooLarge.ToProblem();
        // Without a Content-Length (chunked), stop reading one byte past the limit.
        using var buffer = new MemoryStream();
        var chunk = new byte[81_920];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, ct)) > 0)
        {
            buffer.Write(chunk, 0, read);
            if (buffer.Length > options.MaxMediaBytes) return tooLarge.ToProblem();
        }
        var result = await mediator.Send(new UploadMedia(user.UserId(), buffer.GetBuffer().AsMemory(0, (int)buffer.Length), encrypted), ct);
        if (result.Error is { } error) return error.ToProblem();
        return TypedResults.Created(result.Value!.Url, result.Value);
    }

    static async Task<Results<FileStreamHttpResult, ProblemHttpResult>> Open(
        string mediaId, ClaimsPrincipal user, IMediator mediator, CancellationToken ct)
    {
        var result = await mediator.Send(new OpenMedia(user.UserId(), mediaId), ct);
        if (result.Error is { } error) return error.ToProblem();
        // Content-addressed: the bytes under this name never change. The type is the one sniffed at upload and
        // nosniff holds the browser to it; anything but an image is a download, never a page of ours (a PDF's scripts).
        var file = result.Value!;
        return TypedResults.Stream(file.Open(), file.ContentType,
            fileDownloadName: file.ContentType.StartsWith("image/", StringComparison.Ordinal) ? null : mediaId,
            entityTag: new Microsoft.Net.Http.Headers.EntityTagHeaderValue($"\"{mediaId}\""));
    }
}
