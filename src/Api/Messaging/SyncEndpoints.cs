using System.Security.Claims;
using Mediator;
using Microsoft.AspNetCore.Http.HttpResults;
using OpenChat.Chain.Api.Auth;
using OpenChat.Chain.Messaging.Messages;
using OpenChat.Chain.Messaging.Search;
using OpenChat.Chain.Messaging.Sync;

namespace OpenChat.Chain.Api.Messaging;

public static class SyncEndpoints
{
    public static void MapSyncEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/sync", GetUpdates).WithTags("Sync").RequireAuthorization();
        app.MapGet("/api/search", SearchMessages).WithTags("Search").RequireAuthorization();
    }

    static async Task<Ok<UpdatePage>> GetUpdates(long? after, int? limit, ClaimsPrincipal user, IMediator mediator, CancellationToken ct) =>
        TypedResults.Ok(await mediator.Send(new GetUpdates(user.UserId(), after ?? 0, limit ?? 500), ct));

    static async Task<Ok<IReadOnlyList<MessageView>>> SearchMessages(string? q, int? limit, ClaimsPrincipal user, IMediator mediator, CancellationToken ct) =>
        TypedResults.Ok(await mediator.Send(new SearchMessages(user.UserId(), q ?? "", limit ?? 50), ct));
}
