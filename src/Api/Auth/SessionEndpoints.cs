using Microsoft.AspNetCore.Http.HttpResults;

namespace OpenChat.Chain.Api.Auth;

public static class SessionEndpoints
{
    public static RouteGroupBuilder MapSessionEndpoints(this IEndpointRouteBuilder app)
    {
        var auth = app.MapGroup("/api/auth").WithTags("Auth").RequireAuthorization();
        auth.MapPost("/sign-out", SignOut)
            .WithSummary("Sign out")
            .WithDescription("Ends this session: its bearer token and its cookie stop working at once.");
        return auth;
    }

    /// <summary>Deletes this session: its bearer token and its cookie stop working at once.</summary>
    static async Task<NoContent> SignOut(Sessions sessions, HttpContext http, CancellationToken ct)
    {
        await sessions.End(http, ct);
        return TypedResults.NoContent();
    }
}
