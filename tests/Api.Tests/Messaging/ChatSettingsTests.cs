using System.Net.Http.Json;
using OpenChat.Chain.Api.Messaging;
using OpenChat.Chain.Api.Tests.Support;
using OpenChat.Chain.Messaging.Chats;
using OpenChat.Chain.Messaging.Sync;

namespace OpenChat.Chain.Api.Tests.Messaging;

/// <summary>Mute, pin and archive: each member's own, on every device of theirs, never seen by the other members.</summary>
public sealed class ChatSettingsTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    static CancellationToken Ct => TestContext.Current.CancellationToken;

    static async Task<ChatSettingsView> Change(TestUser user, Guid chatId, bool? muted = null, bool? pinned = null, bool? archived = null) =>
        await ChatApi.Read<ChatSettingsView>(await user.Http.PutAsJsonAsync($"/api/chats/{chatId}/settings",
            new ChatSettingsBody(muted, pinned, archived), ChatApi.Json, Ct));

    static async Task<IReadOnlyList<ChatSummary>> Chats(TestUser user) =>
        await ChatApi.Read<IReadOnlyList<ChatSummary>>(await user.Http.GetAsync("/api/chats", Ct));

    [Fact]
    public async Task Mute_ReachesTheMembersOtherDevice_AndNeverTheOtherMember()
    {
        var (alice, bob) = (await api.CreateUserAsync("alice"), await api.CreateUserAsync("bob"));
        var chat = await alice.DirectChatWith(bob);
        await using var alicesPhone = await HubInbox.ConnectAsync(alice);
        await using var bobsPhone = await HubInbox.ConnectAsync(bob);
        var start = (await bob.Sync(0)).Cursor;

        var muted = await Change(alice, chat.Id, muted: true);
        var pushed = await alicesPhone.WaitFor<ChatUpdateView>(u => u.Kind == "SettingsChanged" && u.ChatId == chat.Id);
        // Pushes reach a connection in update order: once alice's later message is on bob's phone, her setting would be too.
        await bobsPhone.ExpectNoneBefore<ChatUpdateView>(u => u.Kind == "SettingsChanged",
            () => alice.Send(chat.Id, "after muting"), u => u.Message?.Text == "after muting");

        Assert.True(muted.Muted);
        Assert.True(pushed.Settings!.Muted);
        Assert.Null(pushed.Member);
        Assert.True((await Chats(alice)).Single(c => c.Id == chat.Id).Muted);
        Assert.False((await Chats(bob)).Single(c => c.Id == chat.Id).Muted);
        // Bob's feed has alice's later message but not her setting.
        var bobsFeed = (await bob.Sync(start)).Updates;
        Assert.Contains(bobsFeed, u => u.Kind == "MessagePosted" && u.Message!.Text == "after muting");
        Assert.DoesNotContain(bobsFeed, u => u.Kind == "SettingsChanged");
        Assert.Contains((await alice.Sync(start)).Updates, u => u.Kind == "SettingsChanged" && u.Settings!.Muted);
    }

    [Fact]
    public async Task Archive_ComesBackWithANewMessage_UnlessMuted()
    {
        var (alice, bob) = (await api.CreateUserAsync("alice"), await api.CreateUserAsync("bob"));
        var direct = await alice.DirectChatWith(bob);
        var group = await alice.CreateGroup("noisy", bob);
        await alice.Send(direct.Id, "hi");
        await alice.Send(group.Id, "hi all");

        await Change(alice, direct.Id, archived: true);
        await Change(alice, group.Id, archived: true, muted: true);
        Assert.All((await Chats(alice)).Where(c => c.Id == direct.Id || c.Id == group.Id), c => Assert.True(c.Archived));

        await bob.Send(direct.Id, "are you there?");
        await bob.Send(group.Id, "lunch?");
        var list = (await Chats(alice)).ToDictionary(c => c.Id);

        Assert.False(list[direct.Id].Archived);
        Assert.True(list[group.Id].Archived);
        Assert.NotNull(list[group.Id].ArchivedAt);
    }

    [Fact]
    public async Task Pin_KeepsChatsOnTop_UpToFive_TheSixthIsRefusedNamingTheLimit()
    {
        var (alice, bob) = (await api.CreateUserAsync("alice"), await api.CreateUserAsync("bob"));
        var groups = new List<ChatView>();
        for (var i = 0; i < 7; i++) groups.Add(await alice.CreateGroup($"group {i}", bob));
        foreach (var g in groups) await alice.Send(g.Id, $"in {g.Title}"); // group 6 is the most recently active
        for (var i = 0; i < ChatMember.MaxPinned; i++) await Change(alice, groups[i].Id, pinned: true);

        var sixth = await alice.Http.PutAsJsonAsync($"/api/chats/{groups[5].Id}/settings", new ChatSettingsBody(null, true, null), ChatApi.Json, Ct);
        var (status, code, body) = await ChatApi.Problem(sixth);
        Assert.Equal((409, "chat.pin_limit"), (status, code));
        Assert.Contains("at most 5", body.GetProperty("detail").GetString());

        var order = (await Chats(alice)).Where(c => groups.Any(g => g.Id == c.Id)).Select(c => c.Title).ToList();
        Assert.Equal(["group 4", "group 3", "group 2", "group 1", "group 0", "group 6", "group 5"], order);

        // Archiving unpins, which makes room for another pin.
        var archived = await Change(alice, groups[0].Id, archived: true);
        Assert.Null(archived.PinnedAt);
        Assert.NotNull((await Change(alice, groups[5].Id, pinned: true)).PinnedAt);
    }

    [Fact]
    public async Task ChangeSettings_WithNothingToChange_Returns400NamingTheField_AndAChatOfOthersIs404()
    {
        var (alice, bob, carol) = (await api.CreateUserAsync("alice"), await api.CreateUserAsync("bob"), await api.CreateUserAsync("carol"));
        var chat = await alice.DirectChatWith(bob);

        var empty = await alice.Http.PutAsJsonAsync($"/api/chats/{chat.Id}/settings", new { }, Ct);
        var (status, _, body) = await ChatApi.Problem(empty);
        Assert.Equal(400, status);
        Assert.True(body.GetProperty("errors").TryGetProperty("muted", out _), body.ToString());

        var notMine = await carol.Http.PutAsJsonAsync($"/api/chats/{chat.Id}/settings", new ChatSettingsBody(true, null, null), ChatApi.Json, Ct);
        Assert.Equal((404, "chat.not_found"), (await ChatApi.Problem(notMine)) is var p ? (p.Status, p.Code) : default);
    }
}
