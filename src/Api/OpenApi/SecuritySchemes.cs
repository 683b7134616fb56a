using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using OpenChat.Chain.Api.Auth;

namespace OpenChat.Chain.Api.OpenApi;

/// <summary>
/// The one session scheme (SessionAuthentication.cs) as OpenAPI sees it: the same opaque token, sent as a bearer
/// token or carried by the HttpOnly cookie. Passkey and SIWE sign-in are how a client obtains it.
/// </summary>
public sealed class SecuritySchemes : IOpenApiDocumentTransformer
{
    public const string Bearer = "session-bearer";
    public const string Cookie = "session-cookie";

    const string SignIn =
        "A session is an opaque token from one of two sign-in ceremonies, both under `/api/auth`:\n\n" +
        "1. **Passkey (WebAuthn)**: `POST /api/auth/passkeys/sign-up/options` or `.../sign-in/options` returns a `ceremonyId` and " +
        "the WebAuthn options for `navigator.credentials.create()` / `.get()`; `POST .../sign-up` or `.../sign-in` with the " +
        "`ceremonyId` and the authenticator's answer returns the session (challenges are one-use and expire in 2 minutes).\n" +
        "2. **Sign-In with Ethereum (EIP-4361)**: `POST /api/auth/siwe/nonce` returns a nonce for the message to sign; `POST /api/auth/siwe` " +
        "with the message and the wallet's EIP-191 `personal_sign` signature returns the session (an unknown address gets an account).\n\n" +
        "Either answer carries `token` and sets the `openchat_session` cookie. `POST /api/auth/sign-out` ends it. A session alone " +
        "moves nothing of value: payments and other movements of value are confirmed through `POST /api/confirmations` (see README).";

    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken ct)
    {
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes[Bearer] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http,
            Scheme = "bearer",
            BearerFormat = "opaque session token",
            Description = "`Authorization: Bearer <token>` with the `token` a sign-in returned.\n\n" + SignIn,
        };
        document.Components.SecuritySchemes[Cookie] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.ApiKey,
            In = ParameterLocation.Cookie,
            Name = SessionDefaults.CookieName,
            Description = "The HttpOnly, SameSite=Strict cookie a sign-in sets; what the web client uses. The realtime hub " +
                "(`/hubs/chat`) also takes the token as the `access_token` query parameter, since WebSockets carry no headers.",
        };
        return Task.CompletedTask;
    }

    /// <summary>Either scheme is enough: two requirements are alternatives.</summary>
    public static IEnumerable<OpenApiSecurityRequirement> Requirements(OpenApiDocument? document) =>
    [
        new() { [new OpenApiSecuritySchemeReference(Bearer, document)] = [] },
        new() { [new OpenApiSecuritySchemeReference(Cookie, document)] = [] },
    ];
}
