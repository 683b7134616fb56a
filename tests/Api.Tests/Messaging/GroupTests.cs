using System.Net.Http.Json;
using OpenChat.Chain.Api.Messaging;
using OpenChat.Chain.Api.Tests.Support;
using OpenChat.Chain.Messaging.Chats;
using OpenChat.Chain.Messaging.Sync;

namespace OpenChat.Chain.Api.Tests.Messaging;

public sealed class GroupTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task GroupMessage_TicksArePerMember()
    {
        var (alice, bob, carol) = (await api.CreateUserAsync("alice"), await api.CreateUserAsync("bob"), await api.CreateUserAsync("carol"));
        await using var aliceDevice = await HubInbox.ConnectAsync(alice);
        var group = await alice.CreateGroup("hikers", bob, carol);
        var sent = await alice.Send(group.Id, "trail at 9?");

        await bob.Http.PostAsJsonAsync($"/api/chats/{group.Id}/receipts", new ReceiptsBody(sent.Sequence, sent.Sequence), ChatApi.Json, Ct);
        await carol.Http.PostAsJsonAsync($"/api/chats/{group.Id}/receipts", new ReceiptsBody(sent.Sequence, null), ChatApi.Json, Ct);

        await aliceDevice.WaitFor<ChatUpdateView>(u => u.Member?.UserId == carol.Id && u.Member.DeliveredUpTo == 1);
        var members = (await ChatApi.Read<ChatView>(await alice.Http.GetAsync($"/api/chats/{group.Id}", Ct))).Members.ToDictionary(m => m.UserId);
        Assert.Equal((1, 1), (members[bob.Id].DeliveredUpTo, members[bob.Id].ReadUpTo));
        Assert.Equal((1, 0), (members[carol.Id].DeliveredUpTo, members[carol.Id].ReadUpTo));
        Assert.Equal("Owner", members[alice.Id].Role);
    }

    [Fact]
    public async Task InviteLink_LetsSomeoneJoin_AndANewLinkRevokesTheOld()
    {
        var (alice, bob, dave, erin) = (await api.CreateUserAsync("alice"), await api.CreateUserAsync("bob"),
            await api.CreateUserAsync("dave"), await api.CreateUserAsync("erin"));
        var group = await alice.CreateGroup("book club", bob);
        var bobCannot = await bob.Http.PostAsync($"/api/chats/{group.Id}/invite-link", null, Ct);
        Assert.Equal((403, "chat.not_allowed"), (await ChatApi.Problem(bobCannot)) is var p ? (p.Status, p.Code) : default);

        var link = await ChatApi.Read<InviteLink>(await alice.Http.PostAsync($"/api/chats/{group.Id}/invite-link", null, Ct));
        var joined = await ChatApi.Read<ChatView>(await dave.Http.PostAsync($"/api/invites/{link.Code}/join", null, Ct));
        var newLink = await ChatApi.Read<InviteLink>(await alice.Http.PostAsync($"/api/chats/{group.Id}/invite-link", null, Ct));
        var stale = await erin.Http.PostAsync($"/api/invites/{link.Code}/join", null, Ct);

        Assert.Contains(joined.Members, m => m.UserId == dave.Id);
        Assert.NotEqual(link.Code, newLink.Code);
        Assert.Equal((404, "chat.invite_not_found"), (await ChatApi.Problem(stale)) is var s ? (s.Status, s.Code) : default);
    }

    [Fact]
    public async Task LeaveAndRemove_EndAccessToNewMessages()
    {
        var (alice, bob, carol) = (await api.CreateUserAsync("alice"), await api.CreateUserAsync("bob"), await api.CreateUserAsync("carol"));
        var group = await alice.CreateGroup("team", bob, carol);
        await alice.Send(group.Id, "before");

        Assert.True((await bob.Http.PostAsync($"/api/chats/{group.Id}/leave", null, Ct)).IsSuccessStatusCode);
        var carolCannotRemoveAlice = await carol.Http.DeleteAsync($"/api/chats/{group.Id}/members/{alice.Id}", Ct);
        Assert.Equal(403, (await ChatApi.Problem(carolCannotRemoveAlice)).Status);
        Assert.True((await alice.Http.DeleteAsync($"/api/chats/{group.Id}/members/{carol.Id}", Ct)).IsSuccessStatusCode);
        var ownerCannotLeave = await alice.Http.PostAsync($"/api/chats/{group.Id}/leave", null, Ct);
        Assert.Equal((409, "chat.owner_cannot_leave"), (await ChatApi.Problem(ownerCannotLeave)) is var p ? (p.Status, p.Code) : default);
        await alice.Send(group.Id, "after");

        foreach (var former in new[] { bob, carol })
        {
            Assert.Equal(404, (await ChatApi.Problem(await former.Http.GetAsync($"/api/chats/{group.Id}/messages", Ct))).Status);
            Assert.DoesNotContain(await ChatApi.Read<List<ChatSummary>>(await former.Http.GetAsync("/api/chats", Ct)), c => c.Id == group.Id);
            var sync = await former.Sync(0);
            Assert.DoesNotContain(sync.Updates, u => u.Message?.Text == "after");
            Assert.Contains(sync.Updates, u => u.Kind == "MemberLeft" && u.Member?.UserId == former.Id);
        }
    }

    [Fact]
    public async Task OwnerHandsOverOwnership_AndAdminsManageMembers()
    {
        var (alice, bob, carol) = (await api.CreateUserAsync("alice"), await api.CreateUserAsync("bob"), await api.CreateUserAsync("carol"));
        var group = await alice.CreateGroup("guild", bob, carol);

        await ChatApi.Read<MemberView>(await alice.Http.PutAsJsonAsync($"/api/chats/{group.Id}/members/{bob.Id}/role",
            new ChangeRoleBody(ChatRole.Admin), ChatApi.Json, Ct));
        Assert.True((await bob.Http.DeleteAsync($"/api/chats/{group.Id}/members/{carol.Id}", Ct)).IsSuccessStatusCode);
        await ChatApi.Read<MemberView>(await alice.Http.PutAsJsonAsync($"/api/chats/{group.Id}/members/{bob.Id}/role",
            new ChangeRoleBody(ChatRole.Owner), ChatApi.Json, Ct));

        var roles = (await ChatApi.Read<ChatView>(await bob.Http.GetAsync($"/api/chats/{group.Id}", Ct))).Members.ToDictionary(m => m.UserId, m => m.Role);
        Assert.Equal("Owner", roles[bob.Id]);
        Assert.Equal("Admin", roles[alice.Id]);
        Assert.True((await alice.Http.PostAsync($"/api/chats/{group.Id}/leave", null, Ct)).IsSuccessStatusCode);
    }

    [Fact]
    public async Task Group_HoldsAThousandMembers_AndEveryOneCanReadIt()
    {
        var owner = await api.CreateUserAsync("owner");
        var ids = new List<Guid>();
        TestUser? last = null;
        for (var i = 0; i < 999; i++)
        {
            last = await api.CreateUserAsync($"m{i}");
            ids.Add(last.Id);
        }
        var created = await owner.Http.PostAsJsonAsync("/api/chats/groups", new CreateGroupBody("big room", ids), ChatApi.Json, Ct);
        var group = await ChatApi.Read<ChatView>(created);
        var extra = await api.CreateUserAsync("one_too_many");

        var full = await owner.Http.PostAsJsonAsync($"/api/chats/{group.Id}/members", new InviteMembersBody([extra.Id]), ChatApi.Json, Ct);
        await owner.Send(group.Id, "welcome, all 1,000 of you");

        Assert.Equal(1_000, group.Members.Count);
        Assert.Equal((409, "chat.group_full"), (await ChatApi.Problem(full)) is var p ? (p.Status, p.Code) : default);
        Assert.Equal("welcome, all 1,000 of you", Assert.Single(await last!.History(group.Id)).Text);
    }
}
