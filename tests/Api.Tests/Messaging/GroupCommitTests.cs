using System.Net;
using System.Net.Http.Json;
using OpenChat.Chain.Api.Messaging;
using OpenChat.Chain.Api.Tests.Support;
using OpenChat.Chain.Messaging.Sync;

namespace OpenChat.Chain.Api.Tests.Messaging;

/// <summary>
/// The writer commits queued messages in groups and numbers them in memory: the order guarantees must hold
/// exactly as they did one message at a time, and the caches must follow membership changes at once.
/// </summary>
public sealed class GroupCommitTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ConcurrentSends_IntoOneChat_AreNumberedWithoutGaps_AndPushedInUpdateOrder()
    {
        var (alice, bob, carol) = (await api.CreateUserAsync("alice"), await api.CreateUserAsync("bob"), await api.CreateUserAsync("carol"));
        var group = await alice.CreateGroup("burst", bob, carol);
        await using var carolDevice = await HubInbox.ConnectAsync(carol);

        var sent = await Task.WhenAll(Enumerable.Range(0, 60).Select(i => (i % 2 == 0 ? alice : bob).Send(group.Id, $"burst {i}")));

        Assert.Equal(Enumerable.Range(1, 60).Select(i => (long)i), sent.Select(m => m.Sequence).Order());
        var last = sent.MaxBy(m => m.Sequence)!;
        await carolDevice.WaitFor<ChatUpdateView>(u => u.Message?.Id == last.Id);
        var pushed = carolDevice.Updates.Where(u => u.Kind == "MessagePosted").ToList();
        Assert.Equal(60, pushed.Count);
        Assert.Equal(pushed.Select(u => u.Id).Order(), pushed.Select(u => u.Id)); // arrival order = update-id order
        Assert.Equal(pushed.Select(u => u.Message!.Sequence).Order(), pushed.Select(u => u.Message!.Sequence)); // and sequence order
        var synced = (await carol.Sync(0)).Updates.Where(u => u.Kind == "MessagePosted").ToList();
        Assert.Equal(pushed.Select(u => (u.Id, u.Message!.Id)), synced.Select(u => (u.Id, u.Message!.Id))); // resume sees the same log
    }

    [Fact]
    public async Task ConcurrentRetries_OfOneClientId_StoreOneMessage()
    {
        var (alice, bob) = (await api.CreateUserAsync("alice"), await api.CreateUserAsync("bob"));
        var chat = await alice.DirectChatWith(bob);
        var clientId = Guid.NewGuid();

        var answers = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => alice.Send(chat.Id, "once", clientId)));

        Assert.Single(answers.Select(m => m.Id).Distinct());
        Assert.Single(await bob.History(chat.Id));
    }

    [Fact]
    public async Task RemovedMember_CannotSendRightAfter_AndANewMemberCanSendRightAfter()
    {
        var (alice, bob, carol) = (await api.CreateUserAsync("alice"), await api.CreateUserAsync("bob"), await api.CreateUserAsync("carol"));
        var group = await alice.CreateGroup("club", bob);
        await bob.Send(group.Id, "hi"); // bob's membership is now cached
        var refusedCarol = await carol.Http.PostAsJsonAsync($"/api/chats/{group.Id}/messages", new SendMessageBody(Guid.NewGuid(), "me too?"), ChatApi.Json, Ct);
        Assert.Equal(HttpStatusCode.NotFound, refusedCarol.StatusCode); // and so is the chat's member list without carol

        Assert.True((await alice.Http.DeleteAsync($"/api/chats/{group.Id}/members/{bob.Id}", Ct)).IsSuccessStatusCode);
        Assert.True((await alice.Http.PostAsJsonAsync($"/api/chats/{group.Id}/members", new InviteMembersBody([carol.Id]), ChatApi.Json, Ct)).IsSuccessStatusCode);

        var refusedBob = await bob.Http.PostAsJsonAsync($"/api/chats/{group.Id}/messages", new SendMessageBody(Guid.NewGuid(), "still here?"), ChatApi.Json, Ct);
        Assert.Equal(HttpStatusCode.NotFound, refusedBob.StatusCode);
        var welcome = await carol.Send(group.Id, "joined");
        Assert.Contains(await alice.History(group.Id), m => m.Id == welcome.Id);
        Assert.DoesNotContain(await alice.History(group.Id), m => m.Text == "still here?");
    }
}
