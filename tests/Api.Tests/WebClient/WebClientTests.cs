using System.Net;

namespace OpenChat.Chain.Api.Tests.WebClient;

/// <summary>The web client at "/" next to the API: client routes get index.html, the server's own paths never do.</summary>
public sealed class WebClientTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("/")]
    [InlineData("/chats/0199a2b4-0000-7000-8000-000000000000")]
    [InlineData("/wallet")]
    public async Task ClientRoute_ServesIndexHtml(string path)
    {
        using var client = api.CreateClient();

        var response = await client.GetAsync(path, Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("<script type=\"module\" src=\"/app.js\">", await response.Content.ReadAsStringAsync(Ct));
    }

    [Fact]
    public async Task Bundle_IsServed()
    {
        using var client = api.CreateClient();

        var response = await client.GetAsync("/app.js", Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("no-cache", response.Headers.CacheControl?.ToString());
    }

    [Theory]
    [InlineData("/api/no-such-thing")]
    [InlineData("/hubs/no-such-hub")]
    [InlineData("/openapi/no-such-document.json")]
    [InlineData("/missing.js")]
    public async Task UnknownServerPathOrFile_Is404_NotThePage(string path)
    {
        using var client = api.CreateClient();

        var response = await client.GetAsync(path, Ct);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.NotEqual("text/html", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task OpenApiDocument_StillAnswers()
    {
        using var client = api.CreateClient();

        var response = await client.GetAsync("/openapi/v1.json", Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
    }
}
