using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using OpenChat.Chain.Messaging.Users;
using OpenChat.Chain.Identity;

namespace OpenChat.Chain.Api.Auth;

/// <summary>Names of the session scheme, its cookie and its claims.</summary>
public static class SessionDefaults
{
    public const string Scheme = "Session";
    public const string CookieName = "openchat_session";

    /// <summary>The session's id, so sign-out can delete exactly this session.</summary>
    public const string SessionIdClaim = "sid";
}

/// <summary>
/// The one authentication scheme: an opaque session token from <c>Authorization: Bearer</c>, the session
/// cookie, or, on SignalR hub paths only, the <c>access_token</c> query parameter (WebSockets carry no headers).
/// </summary>
public sealed class SessionAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder,
    TimeProvider clock, SessionCache cache)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var token = ReadToken(Request);
        if (token is null) return AuthenticateResult.NoResult();

        var hash = Session.Hash(token);
        if (cache.Find(hash) is not { } session)
        {
            var generation = cache.Generation;
            // The context only on a miss: a cached session costs no database work at all.
            var db = Context.RequestServices.GetRequiredService<IdentityDb>();
            var row = await db.Sessions.AsNoTracking().FirstOrDefaultAsync(s => s.TokenHash == hash, Context.RequestAborted);
            // The failure text is logged by the base class: it names no token.
            if (row is null || !row.IsActive(clock.GetUtcNow())) return AuthenticateResult.Fail("Unknown, revoked or expired session");
            cache.Keep(hash, row, generation);
            session = new SessionCache.Entry(row.Id, row.UserId, row.Method, row.ExpiresAt, clock.GetUtcNow());
        }

        var identity = new ClaimsIdentity(
            [
                new Claim(ClaimTypes.NameIdentifier, session.UserId.ToString()),
                new Claim(SessionDefaults.SessionIdClaim, session.SessionId.ToString()),
                new Claim(ClaimTypes.AuthenticationMethod, session.Method),
            ],
            SessionDefaults.Scheme);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SessionDefaults.Scheme));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.Headers.WWWAuthenticate = "Bearer";
        return base.HandleChallengeAsync(properties);
    }

    static string? ReadToken(HttpRequest request)
    {
        var authorization = request.Headers.Authorization.ToString();
        if (authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
            return NonEmpty(authorization["Bearer ".Length..].Trim());
        if (request.Cookies.TryGetValue(SessionDefaults.CookieName, out var cookie)) return NonEmpty(cookie);
        // Only hubs: a token in any other URL would end up in proxies' and browsers' histories.
        if (request.Path.StartsWithSegments("/hubs")) return NonEmpty(request.Query["access_token"].ToString());
        return null;
    }

    static string? NonEmpty(string value) => value.Length == 0 ? null : value;
}

/// <summary>Starts and ends sessions: the row, the token in the body for API clients, the cookie for the browser.</summary>
public sealed partial class Sessions(IdentityDb db, TimeProvider clock, SessionRevocation revocation, ILogger<Sessions> logger)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromDays(30);

    public async Task<SessionView> Start(HttpContext http, UserView user, string method, CancellationToken ct, byte[]? credentialId = null)
    {
        var now = clock.GetUtcNow();
        await db.Sessions.Where(s => s.UserId == user.Id && s.ExpiresAt < now).ExecuteDeleteAsync(ct);
        var (session, token) = Session.Start(user.Id, method, now, Lifetime, credentialId);
        db.Sessions.Add(session);
        await db.SaveChangesAsync(ct);

        // HttpOnly: page scripts cannot read it. SameSite=Strict: no other site can make the browser send it.
        http.Response.Cookies.Append(SessionDefaults.CookieName, token, new CookieOptions
        {
            HttpOnly = true,
            SameSite = SameSiteMode.Strict,
            Secure = http.Request.IsHttps,
            Path = "/",
            Expires = session.ExpiresAt,
            IsEssential = true,
        });
        LogSignedIn(logger, user.Id, method, session.Id);
        return new SessionView(token, session.ExpiresAt, user);
    }

    public async Task End(HttpContext http, CancellationToken ct)
    {
        if (Guid.TryParse(http.User.FindFirstValue(SessionDefaults.SessionIdClaim), out var sessionId))
        {
            await db.Sessions.Where(s => s.Id == sessionId).ExecuteDeleteAsync(ct);
            // After the delete: a request reading the row meanwhile cannot put it back. Every instance, its hub connections too.
            await revocation.Revoke(sessionId, ct);
        }
        http.Response.Cookies.Delete(SessionDefaults.CookieName, new CookieOptions { Path = "/" });
        LogSignedOut(logger, http.User.UserId(), sessionId);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "User {UserId} signed in with {Method}, session {SessionId}")]
    static partial void LogSignedIn(ILogger logger, Guid userId, string method, Guid sessionId);

    [LoggerMessage(Level = LogLevel.Information, Message = "User {UserId} signed out of session {SessionId}")]
    static partial void LogSignedOut(ILogger logger, Guid userId, Guid sessionId);
}

/// <summary>A new session: the bearer token (shown once; the same value is in the HttpOnly cookie) and who it is for.</summary>
public sealed record SessionView(string Token, DateTimeOffset ExpiresAt, UserView User);
