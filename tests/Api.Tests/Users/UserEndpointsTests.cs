using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using OpenChat.Chain.Api.Tests.Auth;
using OpenChat.Chain.Messaging.Users;

namespace OpenChat.Chain.Api.Tests.Users;

/// <summary>Profile and lookup over HTTP, with users made by <see cref="TestSignIn"/> on the default configuration.</summary>
public sealed class UserEndpointsTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task GetMe_ReturnsTheSignedInUser()
    {
        var ada = await api.SignUpAsync("me_ada", "Ada Lovelace");

        var me = await ada.Http.GetFromJsonAsync<UserView>("/api/me", Ct);

        Assert.Equal(new UserView(ada.Id, "me_ada", "Ada Lovelace", null), me);
    }

    [Fact]
    public async Task GetMe_WithoutASession_Returns401()
    {
        var response = await api.CreateClientFromNewAddress().GetAsync("/api/me", Ct);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task PatchMe_ChangesDisplayNameAndAvatar_AndOthersSeeIt()
    {
        var (grace, bob) = await Pair("patch_grace", "patch_bob");

        var avatar = await UploadImageAsync(grace);
        var patched = await grace.Http.PatchAsJsonAsync("/api/me", new { displayName = "  Grace Hopper ", avatarMediaId = avatar.ToUpperInvariant() }, Ct);
        var seen = await bob.Http.GetFromJsonAsync<UserView>($"/api/users/{grace.Id}", Ct);

        Assert.Equal(HttpStatusCode.OK, patched.StatusCode);
        var expected = new UserView(grace.Id, "patch_grace", "Grace Hopper", $"/api/media/{avatar}");
        Assert.Equal(expected, await patched.Content.ReadFromJsonAsync<UserView>(Ct));
        Assert.Equal(expected, seen);
    }

    [Fact]
    public async Task PatchMe_OmittedFieldsStay_AndAnEmptyMediaIdRemovesTheAvatar()
    {
        var user = await api.SignUpAsync("patch_keep", "Keeps Name");
        var set = await user.Http.PatchAsJsonAsync("/api/me", new { avatarMediaId = await UploadImageAsync(user) }, Ct);
        Assert.Equal(HttpStatusCode.OK, set.StatusCode);

        var response = await user.Http.PatchAsJsonAsync("/api/me", new { avatarMediaId = "" }, Ct);

        Assert.Equal(new UserView(user.Id, "patch_keep", "Keeps Name", null), await response.Content.ReadFromJsonAsync<UserView>(Ct));
    }

    [Theory]
    [InlineData("{\"avatarMediaId\":\"not-a-media-id\"}", "avatarMediaId")]
    [InlineData("{\"avatarMediaId\":\"9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a0\"}", "avatarMediaId")]
    [InlineData("{\"displayName\":\"\"}", "displayName")]
    [InlineData("{\"displayName\":\"This display name is sixty-five characters long, one too many!!!!\"}", "displayName")]
    public async Task PatchMe_WithBadInput_Returns400NamingTheFieldAndChangesNothing(string body, string field)
    {
        var user = await api.SignUpAsync($"bad_patch_{field.Length}_{body.Length}", "Unchanged");

        var response = await user.Http.PatchAsync("/api/me", new StringContent(body, System.Text.Encoding.UTF8, "application/json"), Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct));
        Assert.True(problem.RootElement.GetProperty("errors").TryGetProperty(field, out _), problem.RootElement.ToString());
        var me = await user.Http.GetFromJsonAsync<UserView>("/api/me", Ct);
        Assert.Equal(("Unchanged", (string?)null), (me!.DisplayName, me.AvatarUrl));
    }

    [Fact]
    public async Task SearchUsers_ByHandlePrefix_ReturnsMatchesInHandleOrder()
    {
        var (first, _) = await Pair("find_me_b", "find_me_a");
        await api.SignUpAsync("findxme_c");

        var found = await first.Http.GetFromJsonAsync<UserView[]>("/api/users?query=@Find_Me", Ct);

        // '_' is a LIKE wildcard: it must match only itself, so findxme_c is not found.
        Assert.Equal(["find_me_a", "find_me_b"], found!.Select(u => u.Handle));
    }

    [Theory]
    [InlineData("")]
    [InlineData("bad%query")]
    public async Task SearchUsers_WithBadQuery_Returns400NamingQuery(string query)
    {
        var user = await api.SignUpAsync($"searcher_{query.Length}");

        var response = await user.Http.GetAsync($"/api/users?query={Uri.EscapeDataString(query)}", Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct));
        Assert.True(problem.RootElement.GetProperty("errors").TryGetProperty("query", out _), problem.RootElement.ToString());
    }

    [Fact]
    public async Task GetUser_Unknown_Returns404()
    {
        var user = await api.SignUpAsync("looks_for_ghost");

        var response = await user.Http.GetAsync($"/api/users/{Guid.NewGuid()}", Ct);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct));
        Assert.Equal("user.not_found", problem.RootElement.GetProperty("code").GetString());
    }

    [Fact]
    public async Task GetUser_WithoutASession_Returns401()
    {
        var user = await api.SignUpAsync("private_profile");

        var response = await api.CreateClientFromNewAddress().GetAsync($"/api/users/{user.Id}", Ct);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    // An avatar is an image the user uploaded: a PNG signature and a unique tail.
    static async Task<string> UploadImageAsync(SignedInUser user)
    {
        var png = new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }.Concat(Guid.NewGuid().ToByteArray()).ToArray();
        var uploaded = await user.Http.PostAsync("/api/media", new ByteArrayContent(png), Ct);
        Assert.Equal(HttpStatusCode.Created, uploaded.StatusCode);
        using var media = JsonDocument.Parse(await uploaded.Content.ReadAsStringAsync(Ct));
        return media.RootElement.GetProperty("id").GetString()!;
    }

    async Task<(SignedInUser, SignedInUser)> Pair(string a, string b) => (await api.SignUpAsync(a), await api.SignUpAsync(b));
}
