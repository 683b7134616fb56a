using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;

namespace OpenChat.Chain.Api.Tests.Auth;

public sealed class SignUpValidationTests(AuthApi auth) : IClassFixture<AuthApi>
{
    [Theory]
    [InlineData("", "Ada", "handle")]
    [InlineData("ada lovelace!", "Ada", "handle")]
    [InlineData("ad", "Ada", "handle")]
    [InlineData("eth_0123abcd", "Ada", "handle")]
    [InlineData("ada_ok", "", "displayName")]
    [InlineData("ada_toolong", "This display name is sixty-five characters long, one too many!!!!", "displayName")]
    public async Task SignUpOptions_WithBadNames_Returns400NamingTheFieldAndStoresNothing(string handle, string displayName, string field)
    {
        var ct = TestContext.Current.CancellationToken;
        var http = auth.Api.CreateClientFromNewAddress();
        var ceremoniesBefore = await auth.PendingCeremonies();

        var response = await http.PostAsJsonAsync("/api/auth/passkeys/sign-up/options", new { handle, displayName }, ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync(ct));
        Assert.Equal("validation.failed", problem.RootElement.GetProperty("code").GetString());
        Assert.True(problem.RootElement.GetProperty("errors").TryGetProperty(field, out _), $"no error for {field}: {problem.RootElement}");
        Assert.Equal(ceremoniesBefore, await auth.PendingCeremonies());
        Assert.False(await auth.Messaging(db => db.Users.AnyAsync(u => u.Handle == handle.ToLowerInvariant(), ct)));
    }

    [Fact]
    public async Task SignUp_WithIncompleteCredential_Returns400()
    {
        var ct = TestContext.Current.CancellationToken;
        var http = auth.Api.CreateClientFromNewAddress();
        var (ceremonyId, _) = await http.PostForOptionsAsync("/api/auth/passkeys/sign-up/options", new { handle = "incomplete", displayName = "I" });

        var response = await http.PostAsJsonAsync("/api/auth/passkeys/sign-up",
            new { ceremonyId, credential = new { id = "AAAA", rawId = "AAAA", type = "public-key", response = (object?)null, clientExtensionResults = new { } } }, ct);

        await PasskeyFlowTests.AssertProblemAsync(response, HttpStatusCode.BadRequest, "auth.credential_malformed");
    }

    [Theory]
    [InlineData("{\"ceremonyId\":\"x\"}")]
    [InlineData("{\"ceremonyId\":\"x\",\"credential\":\"not an object\"}")]
    [InlineData("{\"ceremonyId\":\"x\",\"credential\":{\"id\":\"x\",\"rawId\":\"!!not base64url!!\",\"type\":\"public-key\",\"response\":{},\"clientExtensionResults\":{}}}")]
    public async Task SignIn_WithMissingOrGarbledCredential_Returns400(string body)
    {
        var http = auth.Api.CreateClientFromNewAddress();

        var response = await http.PostAsync("/api/auth/passkeys/sign-in",
            new StringContent(body, System.Text.Encoding.UTF8, "application/json"), TestContext.Current.CancellationToken);

        await PasskeyFlowTests.AssertProblemAsync(response, HttpStatusCode.BadRequest, "auth.credential_malformed");
    }
}
