using System.Net;
using System.Net.Http.Json;
using OpenChat.Chain.Api.Tests.Support;
using OpenChat.Chain.Messaging.Media;

namespace OpenChat.Chain.Api.Tests.Messaging;

public sealed class MediaTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    static CancellationToken Ct => TestContext.Current.CancellationToken;

    // The smallest valid PNG header plus a unique tail: identical bytes give the identical id.
    static byte[] Png(string tail) => [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, .. System.Text.Encoding.UTF8.GetBytes(tail)];

    [Fact]
    public async Task SameFileUploadedTwice_IsStoredOnce_AndServedToChatMembersOnly()
    {
        var (alice, bob, mallory) = (await api.CreateUserAsync("alice"), await api.CreateUserAsync("bob"), await api.CreateUserAsync("mallory"));
        var bytes = Png(Guid.NewGuid().ToString());
        var chat = await alice.DirectChatWith(bob);

        var first = await Upload(alice, bytes);
        var second = await Upload(bob, bytes);
        var message = await alice.Send(chat.Id, "look", mediaIds: [first.Id]);

        Assert.Equal(first.Id, second.Id);
        Assert.False(first.AlreadyStored);
        Assert.False(second.AlreadyStored); // someone else's identical upload is not revealed
        Assert.True((await Upload(bob, bytes)).AlreadyStored);
        Assert.Equal("image/png", first.ContentType);
        Assert.Single(Directory.GetFiles(Path.Combine(api.DataDirectory, "media"), first.Id, SearchOption.AllDirectories));
        Assert.Equal(first.Id, Assert.Single(message.Attachments).MediaId);
        var served = await bob.Http.GetAsync(first.Url, Ct);
        Assert.Equal(bytes, await served.Content.ReadAsByteArrayAsync(Ct));
        Assert.Equal("image/png", served.Content.Headers.ContentType?.MediaType);
        Assert.Equal(404, (await ChatApi.Problem(await mallory.Http.GetAsync(first.Url, Ct))).Status);
    }

    [Fact]
    public async Task Upload_OfAnUnknownType_OrTooLarge_IsRefusedAndNotStored()
    {
        var alice = await api.CreateUserAsync("alice");
        var script = System.Text.Encoding.UTF8.GetBytes("<script>alert(1)</script>");
        var huge = new byte[16 * 1024 * 1024 + 1];
        Png("x").CopyTo(huge, 0);

        var wrongType = await alice.Http.PostAsync("/api/media", new ByteArrayContent(script) { Headers = { ContentType = new("image/png") } }, Ct);
        var tooLarge = await alice.Http.PostAsync("/api/media", new ByteArrayContent(huge), Ct);

        Assert.Equal((400, "media.type_not_allowed"), (await ChatApi.Problem(wrongType)) is var p ? (p.Status, p.Code) : default);
        Assert.Equal((400, "media.too_large"), (await ChatApi.Problem(tooLarge)) is var q ? (q.Status, q.Code) : default);
        var mediaFolder = Path.Combine(api.DataDirectory, "media");
        Assert.DoesNotContain(Directory.Exists(mediaFolder) ? Directory.GetFiles(mediaFolder, "*", SearchOption.AllDirectories) : [],
            f => new FileInfo(f).Length == huge.Length || new FileInfo(f).Length == script.Length);
    }

    [Fact]
    public async Task AttachingSomeoneElsesUpload_IsRefused()
    {
        var (alice, bob) = (await api.CreateUserAsync("alice"), await api.CreateUserAsync("bob"));
        var chat = await alice.DirectChatWith(bob);
        var bobsFile = await Upload(bob, Png(Guid.NewGuid().ToString()));

        var response = await alice.Http.PostAsync($"/api/chats/{chat.Id}/messages",
            System.Net.Http.Json.JsonContent.Create(new { clientMessageId = Guid.NewGuid(), mediaIds = new[] { bobsFile.Id } }), Ct);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Avatar_PointedAtSomeoneElsesFile_AnUnknownId_OrOwnPdf_IsRefusedAlike_OwnImageIsShownToAll()
    {
        var (alice, bob, stranger) = (await api.CreateUserAsync("alice"), await api.CreateUserAsync("bob"), await api.CreateUserAsync("stranger"));
        var chat = await alice.DirectChatWith(bob);
        var alicesPhoto = await Upload(alice, Png(Guid.NewGuid().ToString()));
        await alice.Send(chat.Id, "private photo", mediaIds: [alicesPhoto.Id]);
        var bobsPdf = await Upload(bob, [.. "%PDF-1.7 "u8.ToArray(), .. System.Text.Encoding.UTF8.GetBytes(Guid.NewGuid().ToString())]);
        var bobsPhoto = await Upload(bob, Png(Guid.NewGuid().ToString()));

        var refused = new List<(int, string?, string?)>();
        foreach (var id in new[] { alicesPhoto.Id, Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)), bobsPdf.Id })
        {
            var problem = await ChatApi.Problem(await bob.Http.PatchAsJsonAsync("/api/me", new { avatarMediaId = id }, Ct));
            refused.Add((problem.Status, problem.Code, problem.Body.GetProperty("detail").GetString()));
        }
        var accepted = await bob.Http.PatchAsJsonAsync("/api/me", new { avatarMediaId = bobsPhoto.Id }, Ct);

        Assert.Equal(3, refused.Count(r => r == (400, "user.avatar_not_yours", refused[0].Item3)));
        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.Http.GetAsync(alicesPhoto.Url, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await stranger.Http.GetAsync(bobsPhoto.Url, Ct)).StatusCode);
    }

    [Fact]
    public async Task Media_OfAChat_IsHiddenFromARemovedMember_AndFromNonMembers_LikeAnUnknownId()
    {
        var (alice, bob, carol, mallory) = (await api.CreateUserAsync("alice"), await api.CreateUserAsync("bob"),
            await api.CreateUserAsync("carol"), await api.CreateUserAsync("mallory"));
        var group = await alice.CreateGroup("photos", bob, carol);
        var photo = await Upload(alice, Png(Guid.NewGuid().ToString()));
        await alice.Send(group.Id, "look", mediaIds: [photo.Id]);
        Assert.Equal(HttpStatusCode.OK, (await bob.Http.GetAsync(photo.Url, Ct)).StatusCode);

        Assert.Equal(HttpStatusCode.NoContent, (await alice.Http.DeleteAsync($"/api/chats/{group.Id}/members/{bob.Id}", Ct)).StatusCode);
        var removed = await ChatApi.Problem(await bob.Http.GetAsync(photo.Url, Ct));
        var never = await ChatApi.Problem(await mallory.Http.GetAsync(photo.Url, Ct));
        var unknown = await ChatApi.Problem(await mallory.Http.GetAsync($"/api/media/{new string('0', 64)}", Ct));
        var avatar = await ChatApi.Problem(await bob.Http.PatchAsJsonAsync("/api/me", new { avatarMediaId = photo.Id }, Ct));

        Assert.Equal((404, "media.not_found"), (removed.Status, removed.Code));
        Assert.Equal(Answer(removed), Answer(never));
        Assert.Equal(Answer(removed), Answer(unknown));
        Assert.Equal((400, "user.avatar_not_yours"), (avatar.Status, avatar.Code));
        Assert.Equal(HttpStatusCode.OK, (await carol.Http.GetAsync(photo.Url, Ct)).StatusCode);
    }

    [Fact]
    public async Task Media_IsServedWithNosniff_AndAsAnAttachmentUnlessItIsAnImage()
    {
        var alice = await api.CreateUserAsync("alice");
        // A PNG signature followed by HTML: a browser that sniffed would run it as a page.
        var polyglot = await Upload(alice, Png("<html><script>alert(document.cookie)</script></html>" + Guid.NewGuid()));
        var pdf = await Upload(alice, [.. "%PDF-1.7 "u8.ToArray(), .. System.Text.Encoding.UTF8.GetBytes(Guid.NewGuid().ToString())]);

        var image = await alice.Http.GetAsync(polyglot.Url, Ct);
        var document = await alice.Http.GetAsync(pdf.Url, Ct);

        Assert.Equal("image/png", image.Content.Headers.ContentType?.MediaType);
        Assert.Equal("application/pdf", document.Content.Headers.ContentType?.MediaType);
        foreach (var response in new[] { image, document })
        {
            Assert.Equal("nosniff", string.Join(",", response.Headers.GetValues("X-Content-Type-Options")));
            Assert.Contains("sandbox", string.Join(",", response.Headers.GetValues("Content-Security-Policy")));
        }
        Assert.NotEqual("attachment", image.Content.Headers.ContentDisposition?.DispositionType);
        Assert.Equal("attachment", document.Content.Headers.ContentDisposition?.DispositionType);
    }

    // What a caller learns from a problem: all of it but the trace id.
    static string Answer((int Status, string? Code, System.Text.Json.JsonElement Body) problem) => string.Join("|", problem.Status, problem.Code,
        string.Join(",", problem.Body.EnumerateObject().Where(p => p.Name != "traceId").Select(p => $"{p.Name}={p.Value}")));

    static async Task<MediaView> Upload(TestUser user, byte[] bytes) =>
        await ChatApi.Read<MediaView>(await user.Http.PostAsync("/api/media", new ByteArrayContent(bytes), Ct));
}
