using System.Net;
using System.Net.Http.Json;
using OpenChat.Chain.Api.Tests.Support;

namespace OpenChat.Chain.Api.Tests.Edges;

/// <summary>Every response carries the security headers: the page, the API, its errors and the Scalar reference.</summary>
public sealed class SecurityHeadersTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ThePage_MayRunOnlyTheServicesOwnScriptsAndStyles_AndCannotBeFramed()
    {
        using var client = api.CreateClient();

        var page = await client.GetAsync("/", Ct);

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var policy = Directives(page);
        Assert.Equal("'self'", policy["script-src"]);
        Assert.Equal("'self'", policy["style-src"]);
        Assert.Equal("'none'", policy["object-src"]);
        AssertFrameAndSniffingProtection(page);
    }

    [Fact]
    public async Task ApiAnswers_AndErrors_RunNothing_AndCannotBeFramed()
    {
        var alice = await api.CreateUserAsync("alice");
        using var anonymous = api.CreateClient();

        var answers = new[]
        {
            await alice.Http.GetAsync("/api/me", Ct),                                          // 200
            await alice.Http.GetAsync("/api/no-such-thing", Ct),                               // 404
            await alice.Http.PostAsync("/api/chats/groups", new StringContent("{", System.Text.Encoding.UTF8, "application/json"), Ct), // 400
            await alice.Http.PatchAsJsonAsync("/api/me", new { displayName = "a\u0000b" }, Ct), // 400 (validation)
            await anonymous.GetAsync("/api/me", Ct),                                           // 401
        };

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.NotFound, HttpStatusCode.BadRequest, HttpStatusCode.BadRequest, HttpStatusCode.Unauthorized],
            answers.Select(a => a.StatusCode));
        foreach (var answer in answers)
        {
            var policy = Directives(answer);
            Assert.Equal("'none'", policy["default-src"]);
            Assert.True(policy.ContainsKey("sandbox"), $"{answer.RequestMessage?.RequestUri}: no sandbox");
            AssertFrameAndSniffingProtection(answer);
        }
    }

    [Fact]
    public async Task TheScalarReference_HasItsOwnPolicy_AndLoadsItsScriptFromUs()
    {
        using var client = api.CreateClient();

        var reference = await client.GetAsync("/scalar", Ct);
        var html = await reference.Content.ReadAsStringAsync(Ct);

        Assert.Equal(HttpStatusCode.OK, reference.StatusCode);
        var policy = Directives(reference);
        Assert.Equal("'self' 'unsafe-inline'", policy["script-src"]);
        Assert.Equal("'self'", policy["connect-src"]);
        AssertFrameAndSniffingProtection(reference);
        // Every script it names is served by this host (script-src allows no other origin).
        foreach (System.Text.RegularExpressions.Match src in System.Text.RegularExpressions.Regex.Matches(html, "<script[^>]*src=\"([^\"]+)\""))
        {
            Assert.DoesNotContain("//", src.Groups[1].Value);
            var script = await client.GetAsync(new Uri(reference.RequestMessage!.RequestUri!, src.Groups[1].Value), Ct);
            Assert.Equal(HttpStatusCode.OK, script.StatusCode);
        }
    }

    static void AssertFrameAndSniffingProtection(HttpResponseMessage response)
    {
        var where = $"{(int)response.StatusCode} {response.RequestMessage?.RequestUri}";
        Assert.True(Directives(response).TryGetValue("frame-ancestors", out var ancestors) && ancestors == "'none'", where);
        Assert.Equal("nosniff", Single(response, "X-Content-Type-Options"));
        Assert.Equal("DENY", Single(response, "X-Frame-Options"));
        Assert.Equal("no-referrer", Single(response, "Referrer-Policy"));
    }

    static Dictionary<string, string> Directives(HttpResponseMessage response) =>
        Single(response, "Content-Security-Policy").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(d => d.Split(' ', 2)).ToDictionary(d => d[0], d => d.Length > 1 ? d[1] : "");

    static string Single(HttpResponseMessage response, string header)
    {
        Assert.True(response.Headers.TryGetValues(header, out var values), $"no {header} on {(int)response.StatusCode} {response.RequestMessage?.RequestUri}");
        return Assert.Single(values!);
    }
}
