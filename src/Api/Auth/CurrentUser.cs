using System.Security.Claims;

namespace OpenChat.Chain.Api.Auth;

public static class CurrentUser
{
    /// <summary>The signed-in user's id (the NameIdentifier claim every authentication scheme here sets).</summary>
    public static Guid UserId(this ClaimsPrincipal user) =>
        Guid.TryParse(user.FindFirstValue(ClaimTypes.NameIdentifier), out var id)
            ? id
            : throw new InvalidOperationException("An authenticated request without a user id: an authentication scheme is misconfigured");
}
