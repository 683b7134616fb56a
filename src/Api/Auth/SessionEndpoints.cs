namespace OpenChat.Chain.Api.Auth;

public static class SessionEndpoints
{
    public static RouteGroupBuilder MapSessionEndpoints(this IEndpointRouteBuilder app)
    {
        var auth = app.MapGroup("/api/auth").WithTags("Auth").RequireAuthorization();
        // Deletes this session: its bearer token and its cookie stop working at once.
        auth.MapPost("/sign-out", async (Sessions sessions, HttpContext http, CancellationToken ct) =>
            {
                await sessions.End(http, ct);
                return TypedResults.NoContent();
            })
            .WithSummary("Sign out")
            .WithDescription("Ends this session: its bearer token and its cookie stop working at once.");
        return auth;
    }
}
