namespace OpenChat.Chain.Api;

/// <summary>
/// Security headers on every response, errors included (set when the response starts, after any handler ran).
/// The page may run only the service's own scripts and styles; API answers may run nothing; no page may frame us.
/// </summary>
public static class SecurityHeaders
{
    // The web client: app.js and app.css from this origin. Preact sets element.style through the CSSOM, which
    // style-src does not govern; blob: images are previews of files about to be sent.
    public const string PagePolicy = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; " +
        "media-src 'self' blob:; connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; " +
        "frame-ancestors 'none'";

    // API answers, media and errors are data, never documents: nothing runs, even when a browser opens one.
    public const string DataPolicy = "default-src 'none'; frame-ancestors 'none'; sandbox";

    // Scalar's reference page starts itself with an inline script and inline styles; it reads only our OpenAPI document.
    public const string ScalarPolicy = "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; " +
        "img-src 'self' data: blob:; font-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'";

    static readonly string[] DataPaths = ["/api", "/health", "/openapi", "/hubs"];

    public static WebApplication UseSecurityHeaders(this WebApplication app)
    {
        app.Use((http, next) =>
        {
            http.Response.OnStarting(() =>
            {
                var headers = http.Response.Headers;
                var path = http.Request.Path;
                headers.ContentSecurityPolicy =
                    path.StartsWithSegments("/scalar", StringComparison.OrdinalIgnoreCase) ? ScalarPolicy
                    : DataPaths.Any(p => path.StartsWithSegments(p, StringComparison.OrdinalIgnoreCase)) ? DataPolicy
                    : PagePolicy;
                headers.XContentTypeOptions = "nosniff";
                headers.XFrameOptions = "DENY";
                headers["Referrer-Policy"] = "no-referrer";
                headers["Cross-Origin-Opener-Policy"] = "same-origin";
                return Task.CompletedTask;
            });
            return next(http);
        });
        return app;
    }
}
