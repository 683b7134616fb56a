using System.Security.Claims;
using Mediator;
using OpenChat.Chain.Api.Auth;
using OpenChat.Chain.Messaging.Search;
using OpenChat.Chain.Messaging.Sync;

namespace OpenChat.Chain.Api.Messaging;

public static class SyncEndpoints
{
    public static void MapSyncEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/sync", (long? after, int? limit, ClaimsPrincipal user, IMediator m, CancellationToken ct) =>
                m.Value(new GetUpdates(user.UserId(), after ?? 0, limit ?? 500), ct))
            .WithTags("Sync").RequireAuthorization()
            .WithSummary("Get the updates since a position")
            .WithDescription("Everything that changed in your chats after the update id `after` (0 for all), oldest first, a page of `limit` " +
                "(default 500): call again until hasMore is false.");
        app.MapGet("/api/search", (string? q, int? limit, ClaimsPrincipal user, IMediator m, CancellationToken ct) =>
                m.Value(new SearchMessages(user.UserId(), q ?? "", limit ?? 50), ct))
            .WithTags("Search").RequireAuthorization().WithSummary("Search the messages in your chats");
    }
}
