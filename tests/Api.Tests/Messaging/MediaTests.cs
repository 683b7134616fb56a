using System.Net;
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
        Assert.True(second.AlreadyStored);
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

    static async Task<MediaView> Upload(TestUser user, byte[] bytes) =>
        await ChatApi.Read<MediaView>(await user.Http.PostAsync("/api/media", new ByteArrayContent(bytes), Ct));
}
