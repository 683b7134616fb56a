using System.Security.Claims;
using Mediator;
using Microsoft.AspNetCore.Http.HttpResults;
using OpenChat.Chain.Api.Auth;
using OpenChat.Chain.Messaging.Users;

namespace OpenChat.Chain.Api.Users;

/// <summary>The signed-in user's profile, and finding other users by handle or id.</summary>
public static class UserEndpoints
{
    public static RouteGroupBuilder MapUserEndpoints(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api").WithTags("Users").RequireAuthorization();
        api.MapGet("/me", GetMe).WithSummary("Get your profile");
        api.MapPatch("/me", UpdateMe)
            .WithSummary("Update your profile")
            .WithDescription("Changes the display name and the avatar (an uploaded image's media id); omitted fields stay, an empty " +
                "avatarMediaId removes the avatar.");
        api.MapGet("/users", SearchUsers).WithSummary("Find users whose handle starts with the query");
        api.MapGet("/users/{userId:guid}", GetUser).WithSummary("Get a user's public profile");
        return api;
    }

    static async Task<Results<Ok<UserView>, ProblemHttpResult>> GetMe(ClaimsPrincipal user, IMediator mediator, CancellationToken ct) =>
        (await mediator.Send(new GetUser(user.UserId()), ct)).ToOkOrProblem();

    static async Task<Results<Ok<UserView>, ProblemHttpResult>> UpdateMe(
        UpdateProfileBody body, ClaimsPrincipal user, IMediator mediator, CancellationToken ct) =>
        (await mediator.Send(new UpdateProfile(user.UserId(), body.DisplayName, body.AvatarMediaId), ct)).ToOkOrProblem();

    static async Task<Ok<IReadOnlyList<UserView>>> SearchUsers(string? query, IMediator mediator, CancellationToken ct) =>
        TypedResults.Ok(await mediator.Send(new SearchUsers(query ?? ""), ct));

    static async Task<Results<Ok<UserView>, ProblemHttpResult>> GetUser(Guid userId, IMediator mediator, CancellationToken ct) =>
        (await mediator.Send(new GetUser(userId), ct)).ToOkOrProblem();
}

/// <summary>Omitted (null) fields stay as they are; an empty avatarMediaId removes the avatar.</summary>
public sealed record UpdateProfileBody(string? DisplayName, string? AvatarMediaId);
