using System.Net;
using System.Net.Http.Json;
using OpenChat.Chain.Api.Messaging;
using OpenChat.Chain.Api.Tests.Support;
using OpenChat.Chain.Messaging.Chats;
using OpenChat.Chain.Messaging.Keys;
using OpenChat.Chain.Messaging.Media;
using OpenChat.Chain.Messaging.Messages;

namespace OpenChat.Chain.Api.Tests.Messaging;

/// <summary>Private chats (issue 18): the service stores and relays ciphertext, refuses plaintext, and never searches them.</summary>
public sealed class PrivateChatTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    static CancellationToken Ct => TestContext.Current.CancellationToken;

    // Not real MLS: the service never parses it, it only checks base64 and size.
    static readonly string Opaque = Convert.ToBase64String("opaque mls bytes"u8.ToArray());

    static async Task<ChatView> PrivateDirect(TestUser me, TestUser other) =>
        await ChatApi.Read<ChatView>(await me.Http.PostAsJsonAsync("/api/chats/direct", new CreateDirectChatBody(other.Id, Private: true), ChatApi.Json, Ct));

    [Fact]
    public async Task PrivateDirectChat_IsSeparateFromThePlainOne_AndMarkedPrivate()
    {
        var (alice, bob) = (await api.CreateUserAsync("alice"), await api.CreateUserAsync("bob"));

        var plain = await alice.DirectChatWith(bob);
        var secret = await PrivateDirect(alice, bob);
        var again = await PrivateDirect(bob, alice);
        var list = await ChatApi.Read<List<ChatSummary>>(await bob.Http.GetAsync("/api/chats", Ct));

        Assert.NotEqual(plain.Id, secret.Id);
        Assert.Equal(secret.Id, again.Id);
        Assert.True(secret.Private);
        Assert.False(plain.Private);
        Assert.True(list.Single(c => c.Id == secret.Id).Private);
        Assert.False(list.Single(c => c.Id == plain.Id).Private);
    }

    [Fact]
    public async Task SendPlaintext_ToPrivateChat_Returns400NamingText_AndStoresNothing()
    {
        var (alice, bob) = (await api.CreateUserAsync("alice"), await api.CreateUserAsync("bob"));
        var chat = await PrivateDirect(alice, bob);

        var plaintext = await alice.Http.PostAsJsonAsync($"/api/chats/{chat.Id}/messages", new SendMessageBody(Guid.NewGuid(), "leak"), ChatApi.Json, Ct);
        var both = await alice.Http.PostAsJsonAsync($"/api/chats/{chat.Id}/messages",
            new SendMessageBody(Guid.NewGuid(), "leak", Ciphertext: Opaque), ChatApi.Json, Ct);
        var notBase64 = await alice.Http.PostAsJsonAsync($"/api/chats/{chat.Id}/messages",
            new SendMessageBody(Guid.NewGuid(), null, Ciphertext: "not base64!"), ChatApi.Json, Ct);

        var (status, code, body) = await ChatApi.Problem(plaintext);
        Assert.Equal(400, status);
        Assert.Equal("message.plaintext_in_private_chat", code);
        Assert.StartsWith("text:", body.GetProperty("detail").GetString());
        var (bothStatus, _, bothBody) = await ChatApi.Problem(both);
        Assert.Equal(400, bothStatus);
        Assert.True(bothBody.GetProperty("errors").TryGetProperty("text", out _));
        var (badStatus, _, badBody) = await ChatApi.Problem(notBase64);
        Assert.Equal(400, badStatus);
        Assert.True(badBody.GetProperty("errors").TryGetProperty("ciphertext", out _));
        Assert.Empty(await bob.History(chat.Id));
    }

    [Fact]
    public async Task SendCiphertext_ToPlainChat_Returns400()
    {
        var (alice, bob) = (await api.CreateUserAsync("alice"), await api.CreateUserAsync("bob"));
        var chat = await alice.DirectChatWith(bob);

        var response = await alice.Http.PostAsJsonAsync($"/api/chats/{chat.Id}/messages",
            new SendMessageBody(Guid.NewGuid(), null, Ciphertext: Opaque), ChatApi.Json, Ct);

        var (status, code, _) = await ChatApi.Problem(response);
        Assert.Equal(400, status);
        Assert.Equal("message.ciphertext_in_plain_chat", code);
        Assert.Empty(await bob.History(chat.Id));
    }

    [Fact]
    public async Task Ciphertext_IsRelayedInOrder_EditedAsNewCiphertext_Reacted_AndDeleted()
    {
        var (alice, bob, carol) = (await api.CreateUserAsync("alice"), await api.CreateUserAsync("bob"), await api.CreateUserAsync("carol"));
        var group = await ChatApi.Read<ChatView>(await alice.Http.PostAsJsonAsync("/api/chats/groups",
            new CreateGroupBody("secret", [bob.Id, carol.Id], Private: true), ChatApi.Json, Ct));
        var welcome = await ChatApi.Read<MessageView>(await alice.Http.PostAsJsonAsync($"/api/chats/{group.Id}/messages",
            new SendMessageBody(Guid.NewGuid(), null, Ciphertext: Opaque, Handshake: true), ChatApi.Json, Ct));
        var first = await ChatApi.Read<MessageView>(await bob.Http.PostAsJsonAsync($"/api/chats/{group.Id}/messages",
            new SendMessageBody(Guid.NewGuid(), null, Ciphertext: Opaque), ChatApi.Json, Ct));
        var edit = Convert.ToBase64String("another opaque"u8.ToArray());

        var edited = await ChatApi.Read<MessageView>(await bob.Http.PatchAsJsonAsync($"/api/chats/{group.Id}/messages/{first.Id}",
            new EditMessageBody(null, edit), ChatApi.Json, Ct));
        var plainEdit = await bob.Http.PatchAsJsonAsync($"/api/chats/{group.Id}/messages/{first.Id}", new EditMessageBody("leak"), ChatApi.Json, Ct);
        await ChatApi.Read<MessageView>(await carol.Http.PutAsync($"/api/chats/{group.Id}/messages/{first.Id}/reactions/%F0%9F%91%8D", null, Ct));
        var history = await carol.History(group.Id);

        Assert.True(group.Private);
        Assert.Equal(["Handshake", "Encrypted"], history.OrderBy(m => m.Sequence).Select(m => m.Kind));
        Assert.Equal(welcome.Sequence + 1, first.Sequence);
        Assert.Equal(edit, edited.Payload);
        Assert.NotNull(edited.EditedAt);
        var (plainEditStatus, plainEditCode, _) = await ChatApi.Problem(plainEdit);
        Assert.Equal((400, "message.plaintext_in_private_chat"), (plainEditStatus, plainEditCode));
        var shown = history.Single(m => m.Id == first.Id);
        Assert.Equal(edit, shown.Payload);
        Assert.Null(shown.Text);
        Assert.Equal("👍", Assert.Single(shown.Reactions).Emoji);

        Assert.Equal(HttpStatusCode.OK, (await bob.Http.DeleteAsync($"/api/chats/{group.Id}/messages/{first.Id}", Ct)).StatusCode);
        var deleted = (await alice.History(group.Id)).Single(m => m.Id == first.Id);
        Assert.True(deleted.Deleted);
        Assert.Null(deleted.Payload);
    }

    [Fact]
    public async Task EncryptedMedia_GoesOnlyIntoPrivateChats_AndPlainMediaNeverDoes()
    {
        var (alice, bob) = (await api.CreateUserAsync("alice"), await api.CreateUserAsync("bob"));
        var secret = await PrivateDirect(alice, bob);
        var plain = await alice.DirectChatWith(bob);
        byte[] png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, .. Guid.NewGuid().ToByteArray()];
        var photo = await ChatApi.Read<MediaView>(await alice.Http.PostAsync("/api/media", new ByteArrayContent(png), Ct));
        // Opaque bytes that happen to start like a PNG: an encrypted upload is never sniffed, nor named like the plain file.
        var sealedFile = await ChatApi.Read<MediaView>(await alice.Http.PostAsync("/api/media?encrypted=true", new ByteArrayContent(png), Ct));

        var plainIntoPrivate = await alice.Http.PostAsJsonAsync($"/api/chats/{secret.Id}/messages",
            new SendMessageBody(Guid.NewGuid(), null, [photo.Id], Ciphertext: Opaque), ChatApi.Json, Ct);
        var encryptedIntoPlain = await alice.Http.PostAsJsonAsync($"/api/chats/{plain.Id}/messages",
            new SendMessageBody(Guid.NewGuid(), "look", [sealedFile.Id]), ChatApi.Json, Ct);
        var sent = await ChatApi.Read<MessageView>(await alice.Http.PostAsJsonAsync($"/api/chats/{secret.Id}/messages",
            new SendMessageBody(Guid.NewGuid(), null, [sealedFile.Id], Ciphertext: Opaque), ChatApi.Json, Ct));
        var fetched = await bob.Http.GetAsync(sent.Attachments.Single().Url, Ct);

        Assert.Equal("image/png", photo.ContentType);
        Assert.Equal("application/octet-stream", sealedFile.ContentType);
        Assert.NotEqual(photo.Id, sealedFile.Id);
        var (status, code, body) = await ChatApi.Problem(plainIntoPrivate);
        Assert.Equal((400, "media.not_encrypted"), (status, code));
        Assert.StartsWith("mediaIds:", body.GetProperty("detail").GetString());
        var (plainStatus, plainCode, plainBody) = await ChatApi.Problem(encryptedIntoPlain);
        Assert.Equal((400, "media.encrypted_in_plain_chat"), (plainStatus, plainCode));
        Assert.StartsWith("mediaIds:", plainBody.GetProperty("detail").GetString());
        Assert.Empty(await bob.History(plain.Id));
        Assert.Equal([sent.Id], (await bob.History(secret.Id)).Select(m => m.Id));
        Assert.Equal(HttpStatusCode.OK, fetched.StatusCode);
        Assert.Equal("application/octet-stream", fetched.Content.Headers.ContentType?.MediaType);
        Assert.Equal(png, await fetched.Content.ReadAsByteArrayAsync(Ct));
    }

    [Fact]
    public async Task ServerSearch_NeverReturnsPrivateChats()
    {
        var (alice, bob) = (await api.CreateUserAsync("alice"), await api.CreateUserAsync("bob"));
        var word = $"okapi{Guid.NewGuid():N}"[..14];
        var secret = await PrivateDirect(alice, bob);
        // Even a ciphertext that happens to spell the word in base64's alphabet is never indexed.
        await ChatApi.Read<MessageView>(await alice.Http.PostAsJsonAsync($"/api/chats/{secret.Id}/messages",
            new SendMessageBody(Guid.NewGuid(), null, Ciphertext: word + "AA"), ChatApi.Json, Ct)); // 16 characters of base64
        var plain = await alice.DirectChatWith(bob);
        var visible = await alice.Send(plain.Id, $"the {word} is shy");

        var found = await ChatApi.Read<List<MessageView>>(await bob.Http.GetAsync($"/api/search?q={word}", Ct));

        Assert.Equal(visible.Id, Assert.Single(found).Id);
    }

    [Fact]
    public async Task KeyPackages_ArePublishedPerDevice_ClaimedOncePerDevice_AndValidated()
    {
        var (alice, bob, mallory) = (await api.CreateUserAsync("alice"), await api.CreateUserAsync("bob"), await api.CreateUserAsync("mallory"));
        var chat = await PrivateDirect(alice, bob);
        var (phone, laptop) = (Guid.NewGuid(), Guid.NewGuid());
        string[] packages = [Convert.ToBase64String(new byte[] { 1, 2, 3 }), Convert.ToBase64String(new byte[] { 4, 5, 6 })];
        var published = await ChatApi.Read<KeyPackageStock>(await bob.Http.PostAsJsonAsync("/api/keys/packages",
            new PublishKeyPackagesBody(phone, packages), ChatApi.Json, Ct));
        await ChatApi.Read<KeyPackageStock>(await bob.Http.PostAsJsonAsync("/api/keys/packages",
            new PublishKeyPackagesBody(laptop, [Convert.ToBase64String(new byte[] { 7 })]), ChatApi.Json, Ct));

        var claimed = await ChatApi.Read<ClaimedKeyPackage[]>(await alice.Http.PostAsJsonAsync("/api/keys/packages/claim",
            new ClaimKeyPackagesBody(chat.Id, [bob.Id]), ChatApi.Json, Ct));
        var second = await ChatApi.Read<ClaimedKeyPackage[]>(await alice.Http.PostAsJsonAsync("/api/keys/packages/claim",
            new ClaimKeyPackagesBody(chat.Id, [bob.Id]), ChatApi.Json, Ct));
        var stranger = await mallory.Http.PostAsJsonAsync("/api/keys/packages/claim", new ClaimKeyPackagesBody(chat.Id, [bob.Id]), ChatApi.Json, Ct);
        var bad = await bob.Http.PostAsJsonAsync("/api/keys/packages", new PublishKeyPackagesBody(phone, ["%%%"]), ChatApi.Json, Ct);
        var huge = await bob.Http.PostAsJsonAsync("/api/keys/packages",
            new PublishKeyPackagesBody(phone, [Convert.ToBase64String(new byte[KeyPackage.MaxLength])]), ChatApi.Json, Ct);
        var left = await ChatApi.Read<KeyPackageStock>(await bob.Http.PostAsJsonAsync("/api/keys/packages",
            new PublishKeyPackagesBody(phone, []), ChatApi.Json, Ct));

        Assert.Equal(2, published.Stored);
        Assert.Equal(2, claimed.Length);
        // Packages published in one call are equally old (their v7 ids share a millisecond): either may go first, never twice.
        var fromPhone = Assert.Single(claimed, c => c.UserId == bob.Id && c.DeviceId == phone);
        Assert.Contains(fromPhone.KeyPackage, packages);
        Assert.Contains(claimed, c => c.UserId == bob.Id && c.DeviceId == laptop && c.KeyPackage == Convert.ToBase64String(new byte[] { 7 }));
        Assert.Equal((phone, packages.Single(p => p != fromPhone.KeyPackage)), (Assert.Single(second).DeviceId, second[0].KeyPackage));
        Assert.Equal(404, (await ChatApi.Problem(stranger)).Status);
        var (badStatus, _, badBody) = await ChatApi.Problem(bad);
        Assert.Equal(400, badStatus);
        Assert.Contains(badBody.GetProperty("errors").EnumerateObject(), e => e.Name.StartsWith("keyPackages", StringComparison.Ordinal));
        Assert.Equal(400, (await ChatApi.Problem(huge)).Status);
        Assert.Equal(0, left.Stored);
    }

    [Fact]
    public async Task PrivateGroup_TakesNoNewMembers_NeitherByInviteNorByLink()
    {
        var (alice, bob, carol) = (await api.CreateUserAsync("alice"), await api.CreateUserAsync("bob"), await api.CreateUserAsync("carol"));
        var group = await ChatApi.Read<ChatView>(await alice.Http.PostAsJsonAsync("/api/chats/groups",
            new CreateGroupBody("Vault", [bob.Id], Private: true), ChatApi.Json, Ct));

        var invited = await alice.Http.PostAsJsonAsync($"/api/chats/{group.Id}/members", new InviteMembersBody([carol.Id]), ChatApi.Json, Ct);
        var link = await alice.Http.PostAsync($"/api/chats/{group.Id}/invite-link", null, Ct);
        // A member who may not manage members hears that first, as in any group.
        var byMember = await bob.Http.PostAsJsonAsync($"/api/chats/{group.Id}/members", new InviteMembersBody([carol.Id]), ChatApi.Json, Ct);

        var (invitedStatus, invitedCode, _) = await ChatApi.Problem(invited);
        var (linkStatus, linkCode, _) = await ChatApi.Problem(link);
        Assert.Equal((409, "chat.private_members_fixed"), (invitedStatus, invitedCode));
        Assert.Equal((409, "chat.private_members_fixed"), (linkStatus, linkCode));
        Assert.Equal(403, (await ChatApi.Problem(byMember)).Status);
        Assert.Equal(2, (await ChatApi.Read<ChatView>(await alice.Http.GetAsync($"/api/chats/{group.Id}", Ct))).Members.Count);
    }

    [Fact]
    public async Task Claim_NamingDevices_TakesOnlyThoseDevicesPackages_AndOwnDevicesAreListed()
    {
        var (alice, bob) = (await api.CreateUserAsync("alice"), await api.CreateUserAsync("bob"));
        var chat = await PrivateDirect(alice, bob);
        var (phone, laptop) = (Guid.NewGuid(), Guid.NewGuid());
        string[] phones = [Convert.ToBase64String(new byte[] { 1 }), Convert.ToBase64String(new byte[] { 2 })];
        await ChatApi.Read<KeyPackageStock>(await bob.Http.PostAsJsonAsync("/api/keys/packages", new PublishKeyPackagesBody(phone, phones), ChatApi.Json, Ct));
        await ChatApi.Read<KeyPackageStock>(await bob.Http.PostAsJsonAsync("/api/keys/packages",
            new PublishKeyPackagesBody(laptop, [Convert.ToBase64String(new byte[] { 3 })]), ChatApi.Json, Ct));

        var listed = await ChatApi.Read<KeyPackageStock[]>(await bob.Http.GetAsync("/api/keys/devices", Ct));
        var strangers = await ChatApi.Read<KeyPackageStock[]>(await alice.Http.GetAsync("/api/keys/devices", Ct));
        var onlyPhone = await ChatApi.Read<ClaimedKeyPackage[]>(await alice.Http.PostAsJsonAsync("/api/keys/packages/claim",
            new ClaimKeyPackagesBody(chat.Id, [bob.Id], [phone]), ChatApi.Json, Ct));
        var unknown = await ChatApi.Read<ClaimedKeyPackage[]>(await alice.Http.PostAsJsonAsync("/api/keys/packages/claim",
            new ClaimKeyPackagesBody(chat.Id, [bob.Id], [Guid.NewGuid()]), ChatApi.Json, Ct));
        var empty = await alice.Http.PostAsJsonAsync("/api/keys/packages/claim", new ClaimKeyPackagesBody(chat.Id, [bob.Id], []), ChatApi.Json, Ct);
        var after = await ChatApi.Read<KeyPackageStock[]>(await bob.Http.GetAsync("/api/keys/devices", Ct));

        Assert.Equal(new[] { (laptop, 1), (phone, 2) }.OrderBy(d => d.Item1), listed.Select(d => (d.DeviceId, d.Stored)).OrderBy(d => d.DeviceId));
        Assert.Empty(strangers);
        Assert.Equal((bob.Id, phone), (Assert.Single(onlyPhone).UserId, onlyPhone[0].DeviceId));
        Assert.Contains(onlyPhone[0].KeyPackage, phones); // one publication's packages are equally old: either one
        Assert.Empty(unknown);
        var (emptyStatus, _, emptyBody) = await ChatApi.Problem(empty);
        Assert.Equal(400, emptyStatus);
        Assert.Contains(emptyBody.GetProperty("errors").EnumerateObject(), e => e.Name.StartsWith("deviceIds", StringComparison.OrdinalIgnoreCase));
        // The laptop kept its package: naming the phone took nothing from it.
        Assert.Equal(new[] { (laptop, 1), (phone, 1) }.OrderBy(d => d.Item1), after.Select(d => (d.DeviceId, d.Stored)).OrderBy(d => d.DeviceId));
    }

    [Fact]
    public async Task PublishingKeyPackages_IsLimitedPerUser_With429AndRetryAfter_AndAFullStockIsRefused()
    {
        var (bob, carol) = (await api.CreateUserAsync("bob"), await api.CreateUserAsync("carol"));
        var device = Guid.NewGuid();
        string Package(int i) => Convert.ToBase64String(BitConverter.GetBytes(i));
        // 50 stored (the most a device keeps) in three calls, then one more is refused by the stock rule.
        foreach (var batch in Enumerable.Range(0, KeyPackage.MaxPerDevice).Chunk(20))
            await ChatApi.Read<KeyPackageStock>(await bob.Http.PostAsJsonAsync("/api/keys/packages",
                new PublishKeyPackagesBody(device, batch.Select(Package).ToList()), ChatApi.Json, Ct));
        var full = await bob.Http.PostAsJsonAsync("/api/keys/packages", new PublishKeyPackagesBody(device, [Package(99)]), ChatApi.Json, Ct);
        var (fullStatus, fullCode, _) = await ChatApi.Problem(full);
        Assert.Equal((409, "keys.stock_full"), (fullStatus, fullCode));

        // The window holds 20 calls a user (four used above); the rest of it only asks the stock.
        var answers = new List<HttpResponseMessage>();
        for (var i = 0; i < 17; i++)
            answers.Add(await bob.Http.PostAsJsonAsync("/api/keys/packages", new PublishKeyPackagesBody(device, []), ChatApi.Json, Ct));
        var others = await carol.Http.PostAsJsonAsync("/api/keys/packages", new PublishKeyPackagesBody(Guid.NewGuid(), []), ChatApi.Json, Ct);

        Assert.All(answers[..16], a => Assert.Equal(HttpStatusCode.OK, a.StatusCode));
        var limited = answers[16];
        var (status, code, _) = await ChatApi.Problem(limited);
        Assert.Equal((429, "rate.limited"), (status, code));
        Assert.True(limited.Headers.RetryAfter?.Delta > TimeSpan.Zero);
        Assert.Equal(HttpStatusCode.OK, others.StatusCode);
    }
}
