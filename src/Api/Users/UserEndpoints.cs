using System.Security.Claims;
using Mediator;
using OpenChat.Chain.Api.Auth;
using OpenChat.Chain.Messaging.Users;

namespace OpenChat.Chain.Api.Users;

/// <summary>The signed-in user's profile, and finding other users by handle or id.</summary>
public static class UserEndpoints
{
    public static RouteGroupBuilder MapUserEndpoints(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api").WithTags("Users").RequireAuthorization();
        api.MapGet("/me", (ClaimsPrincipal user, IMediator m, CancellationToken ct) => m.Ok(new GetUser(user.UserId()), ct)).WithSummary("Get your profile");
        api.MapPatch("/me", (UpdateProfileBody body, ClaimsPrincipal user, IMediator m, CancellationToken ct) =>
                m.Ok(new UpdateProfile(user.UserId(), body.DisplayName, body.AvatarMediaId), ct))
            .WithSummary("Update your profile")
            .WithDescription("Changes the display name and the avatar (an uploaded image's media id); omitted fields stay, an empty " +
                "avatarMediaId removes the avatar.");
        api.MapGet("/users", (string? query, IMediator m, CancellationToken ct) => m.Value(new SearchUsers(query ?? ""), ct))
            .WithSummary("Find users whose handle starts with the query");
        api.MapGet("/users/{userId:guid}", (Guid userId, IMediator m, CancellationToken ct) => m.Ok(new GetUser(userId), ct))
            .WithSummary("Get a user's public profile");
        return api;
    }
}

/// <summary>Omitted (null) fields stay as they are; an empty avatarMediaId removes the avatar.</summary>
public sealed record UpdateProfileBody(string? DisplayName, string? AvatarMediaId);
