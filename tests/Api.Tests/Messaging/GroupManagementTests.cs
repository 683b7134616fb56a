using System.Net.Http.Json;
using OpenChat.Chain.Api.Messaging;
using OpenChat.Chain.Api.Tests.Support;
using OpenChat.Chain.Api.Users;
using OpenChat.Chain.Messaging.Chats;
using OpenChat.Chain.Messaging.Messages;
using OpenChat.Chain.Messaging.Receipts;
using OpenChat.Chain.Messaging.Sync;
using OpenChat.Chain.Messaging.Users;

namespace OpenChat.Chain.Api.Tests.Messaging;

/// <summary>Issue 17 point 6: renaming, leaving, removing, invite links and "read by", through HTTP, the hub and sync.</summary>
public sealed class GroupManagementTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    static CancellationToken Ct => TestContext.Current.CancellationToken;

    static Task<HttpResponseMessage> Rename(TestUser user, Guid chatId, string title) =>
        user.Http.PutAsJsonAsync($"/api/chats/{chatId}/title", new RenameGroupBody(title), ChatApi.Json, Ct);

    [Fact]
    public async Task RenameGroup_ByAnAdmin_ChangesTheTitleForEveryone_WithANotice()
    {
        var (alice, bob) = (await api.CreateUserAsync("alice"), await api.CreateUserAsync("bob"));
        var group = await alice.CreateGroup("hikers", bob);
        await using var bobsDevice = await HubInbox.ConnectAsync(bob);

        var renamed = await ChatApi.Read<ChatView>(await Rename(alice, group.Id, "  Trail crew "));

        Assert.Equal("Trail crew", renamed.Title);
        var pushed = await bobsDevice.WaitFor<ChatUpdateView>(u => u.Kind == "ChatChanged" && u.Chat?.Title == "Trail crew");
        Assert.Null(pushed.Chat!.InviteCode);
        var notice = await bobsDevice.WaitFor<ChatUpdateView>(u => u.Message?.Kind == "System");
        Assert.Equal(("alice renamed the group to “Trail crew”", alice.Id), (notice.Message!.Text, notice.Message.SenderId));
        Assert.Equal("Trail crew", (await ChatApi.Read<ChatView>(await bob.Http.GetAsync($"/api/chats/{group.Id}", Ct))).Title);
    }

    [Fact]
    public async Task RenameGroup_ByAMember_OrBlank_OrADirectChat_IsRefused()
    {
        var (alice, bob) = (await api.CreateUserAsync("alice"), await api.CreateUserAsync("bob"));
        var group = await alice.CreateGroup("hikers", bob);
        var direct = await alice.DirectChatWith(bob);

        var byMember = await ChatApi.Problem(await Rename(bob, group.Id, "mine now"));
        var blank = await ChatApi.Problem(await Rename(alice, group.Id, "   "));
        var tooLong = await ChatApi.Problem(await Rename(alice, group.Id, new string('x', 101)));
        var directChat = await ChatApi.Problem(await Rename(alice, direct.Id, "us"));

        Assert.Equal((403, "chat.not_allowed"), (byMember.Status, byMember.Code));
        Assert.Equal(400, blank.Status);
        Assert.True(blank.Body.GetProperty("errors").TryGetProperty("title", out _), blank.Body.ToString());
        Assert.True(tooLong.Body.GetProperty("errors").TryGetProperty("title", out _), tooLong.Body.ToString());
        Assert.Equal((400, "chat.not_group"), (directChat.Status, directChat.Code));
        Assert.Equal("hikers", (await ChatApi.Read<ChatView>(await bob.Http.GetAsync($"/api/chats/{group.Id}", Ct))).Title);
    }

    [Fact]
    public async Task LeaveAndRemove_PostNotices_AndTheFormerMembersReceiveNothingMore()
    {
        var (alice, bob, carol) = (await api.CreateUserAsync("alice"), await api.CreateUserAsync("bob"), await api.CreateUserAsync("carol"));
        var group = await alice.CreateGroup("team", bob, carol);
        await using var bobsDevice = await HubInbox.ConnectAsync(bob);
        await using var carolsDevice = await HubInbox.ConnectAsync(carol);
        await using var alicesDevice = await HubInbox.ConnectAsync(alice);

        Assert.True((await bob.Http.PostAsync($"/api/chats/{group.Id}/leave", null, Ct)).IsSuccessStatusCode);
        Assert.True((await alice.Http.DeleteAsync($"/api/chats/{group.Id}/members/{carol.Id}", Ct)).IsSuccessStatusCode);
        var after = await alice.Send(group.Id, "after");
        await alicesDevice.WaitFor<ChatUpdateView>(u => u.Message?.Id == after.Id);

        var notices = (await alice.History(group.Id)).Where(m => m.Kind == "System").OrderBy(m => m.Sequence).Select(m => (m.Text, m.SenderId)).ToList();
        Assert.Equal([("bob left", bob.Id), ("alice removed carol", alice.Id)], notices);
        // Each former member's device heard that they are out, and then nothing of the group: not the notices, not "after".
        foreach (var (former, device) in new[] { (bob, bobsDevice), (carol, carolsDevice) })
        {
            await device.WaitFor<ChatUpdateView>(u => u.Kind == "MemberLeft" && u.Member?.UserId == former.Id);
            Assert.DoesNotContain((await former.Sync(0)).Updates, u => u.Message?.Text == "after");
            // The hub pushes to one connection in order: a later push to this device proves the earlier ones were never sent.
            var marker = await former.CreateGroup("marker");
            await device.WaitFor<ChatUpdateView>(u => u.ChatId == marker.Id);
            var updates = device.Updates.ToList();
            var outAt = updates.FindIndex(u => u.Kind == "MemberLeft" && u.Member?.UserId == former.Id);
            Assert.DoesNotContain(updates.Skip(outAt + 1), u => u.ChatId == group.Id && u.Kind == "MessagePosted");
        }
    }

    [Fact]
    public async Task InviteLink_JoinPostsANotice_RevokedLinkAnswers404_AndOnlyAdminsRevoke()
    {
        var (alice, bob, dave, erin) = (await api.CreateUserAsync("alice"), await api.CreateUserAsync("bob"),
            await api.CreateUserAsync("dave"), await api.CreateUserAsync("erin"));
        var group = await alice.CreateGroup("book club", bob);
        var link = await ChatApi.Read<InviteLink>(await alice.Http.PostAsync($"/api/chats/{group.Id}/invite-link", null, Ct));
        Assert.Equal(link.Code, (await ChatApi.Read<ChatView>(await alice.Http.GetAsync($"/api/chats/{group.Id}", Ct))).InviteCode);

        await ChatApi.Read<ChatView>(await dave.Http.PostAsync($"/api/invites/{link.Code}/join", null, Ct));
        var bobCannot = await ChatApi.Problem(await bob.Http.DeleteAsync($"/api/chats/{group.Id}/invite-link", Ct));
        var revoked = await alice.Http.DeleteAsync($"/api/chats/{group.Id}/invite-link", Ct);
        var late = await ChatApi.Problem(await erin.Http.PostAsync($"/api/invites/{link.Code}/join", null, Ct));

        Assert.Equal((403, "chat.not_allowed"), (bobCannot.Status, bobCannot.Code));
        Assert.Equal(204, (int)revoked.StatusCode);
        Assert.Equal((404, "chat.invite_not_found"), (late.Status, late.Code));
        Assert.Equal("This invite link is not valid any more.", late.Body.GetProperty("detail").GetString());
        Assert.Null((await ChatApi.Read<ChatView>(await alice.Http.GetAsync($"/api/chats/{group.Id}", Ct))).InviteCode);
        var history = await alice.History(group.Id);
        Assert.Contains(history, m => m.Kind == "System" && m.SenderId == dave.Id && m.Text == "dave joined using the group's invite link");
        Assert.DoesNotContain(history, m => m.SenderId == erin.Id);
    }

    [Fact]
    public async Task ProfileChange_ReachesTheOtherMembers_LiveAndBySync()
    {
        var (alice, bob) = (await api.CreateUserAsync("alice"), await api.CreateUserAsync("bob"));
        var chat = await alice.DirectChatWith(bob);
        await using var bobsDevice = await HubInbox.ConnectAsync(bob);
        var cursor = (await bob.Sync(0)).Cursor;

        var me = await ChatApi.Read<UserView>(await alice.Http.PatchAsJsonAsync("/api/me", new UpdateProfileBody("Alice Liddell", null), ChatApi.Json, Ct));

        Assert.Equal("Alice Liddell", me.DisplayName);
        var live = await bobsDevice.WaitFor<ChatUpdateView>(u => u.Kind == "ProfileChanged");
        Assert.Equal((chat.Id, alice.Id), (live.ChatId, live.Member?.UserId));
        Assert.Contains((await bob.Sync(cursor)).Updates, u => u.Kind == "ProfileChanged" && u.Member?.UserId == alice.Id);
        Assert.Equal("Alice Liddell", (await ChatApi.Read<UserView>(await bob.Http.GetAsync($"/api/users/{alice.Id}", Ct))).DisplayName);
    }

    [Fact]
    public async Task MessageReceipts_SayWhoReceivedAndReadIt_AndWhen()
    {
        var (alice, bob, carol, dave) = (await api.CreateUserAsync("alice"), await api.CreateUserAsync("bob"),
            await api.CreateUserAsync("carol"), await api.CreateUserAsync("dave"));
        var group = await alice.CreateGroup("readers", bob, carol, dave);
        var first = await alice.Send(group.Id, "first");
        var second = await alice.Send(group.Id, "second");

        var before = DateTimeOffset.UtcNow.AddSeconds(-5);
        await bob.Http.PostAsJsonAsync($"/api/chats/{group.Id}/receipts", new ReceiptsBody(second.Sequence, second.Sequence), ChatApi.Json, Ct);
        await carol.Http.PostAsJsonAsync($"/api/chats/{group.Id}/receipts", new ReceiptsBody(first.Sequence, null), ChatApi.Json, Ct);

        var info = await ChatApi.Read<MessageReceiptsView>(await alice.Http.GetAsync($"/api/chats/{group.Id}/messages/{second.Id}/receipts", Ct));
        var byUser = info.Members.ToDictionary(m => m.UserId);
        // bob read it; carol and dave, who joined together, neither received it: they follow in id order, the same each call.
        Assert.Equal([bob.Id, .. new[] { carol.Id, dave.Id }.Order()], info.Members.Select(m => m.UserId));
        Assert.True(byUser[bob.Id] is { Delivered: true, Read: true, ReadAt: { } readAt } && readAt > before, byUser[bob.Id].ToString());
        Assert.Equal((false, false), (byUser[carol.Id].Delivered, byUser[carol.Id].Read)); // carol's device has only the first
        Assert.Equal((false, null, false, null), (byUser[dave.Id].Delivered, byUser[dave.Id].DeliveredAt, byUser[dave.Id].Read, byUser[dave.Id].ReadAt));
        var ofFirst = await ChatApi.Read<MessageReceiptsView>(await bob.Http.GetAsync($"/api/chats/{group.Id}/messages/{first.Id}/receipts", Ct));
        Assert.True(ofFirst.Members.Single(m => m.UserId == carol.Id) is { Delivered: true, DeliveredAt: not null, Read: false });

        var stranger = await ChatApi.Problem(await (await api.CreateUserAsync("eve")).Http.GetAsync($"/api/chats/{group.Id}/messages/{first.Id}/receipts", Ct));
        Assert.Equal((404, "chat.not_found"), (stranger.Status, stranger.Code));
    }
}
