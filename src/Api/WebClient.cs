namespace OpenChat.Chain.Api;

/// <summary>
/// The web client (web/, bundled into wwwroot by scripts/build-web.sh): its files, and index.html for the client's
/// own routes (/chats/…, /wallet) so a reload or a shared link opens the page.
/// </summary>
public static class WebClient
{
    // The server's own paths: an unknown one is a 404 ProblemDetails there, never the client's page.
    static readonly string[] ServerPaths = ["/api", "/hubs", "/health", "/openapi", "/scalar"];

    public static WebApplication UseWebClientFiles(this WebApplication app)
    {
        app.UseDefaultFiles();
        // File names are not fingerprinted: browsers revalidate (ETag) instead of trusting a stale copy.
        app.UseStaticFiles(new StaticFileOptions { OnPrepareResponse = file => file.Context.Response.Headers.CacheControl = "no-cache" });
        return app;
    }

    /// <summary>Client routes: GET paths without a file extension that no endpoint claimed.</summary>
    public static void MapWebClientFallback(this WebApplication app) =>
        app.MapFallback((HttpContext http, IWebHostEnvironment environment) =>
        {
            var index = environment.WebRootFileProvider.GetFileInfo("index.html");
            if (ServerPaths.Any(path => http.Request.Path.StartsWithSegments(path, StringComparison.OrdinalIgnoreCase)) || !index.Exists)
                return Results.NotFound();
            http.Response.Headers.CacheControl = "no-cache";
            return Results.Stream(index.CreateReadStream(), "text/html; charset=utf-8");
        }).WithMetadata(new HttpMethodMetadata([HttpMethods.Get, HttpMethods.Head])).ExcludeFromDescription();
}
