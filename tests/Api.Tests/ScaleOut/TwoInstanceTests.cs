using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Microsoft.AspNetCore.SignalR.Client;
using OpenChat.Chain.Api.Realtime;
using OpenChat.Chain.Api.Tests.Auth;
using OpenChat.Chain.Api.Tests.Support;
using OpenChat.Chain.Messaging.Messages;
using OpenChat.Chain.Messaging.Realtime;
using OpenChat.Chain.Messaging.Sync;

namespace OpenChat.Chain.Api.Tests.ScaleOut;

/// <summary>
/// Two instances sharing one database and one Redis: what a device sees does not depend on which instance it reached.
/// Each test waits for the push, the closed connection or the refusal that proves its point, never for time to pass.
/// </summary>
public sealed class TwoInstanceTests(TwoInstances cluster) : IClassFixture<TwoInstances>
{
    static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Message_PostedOnA_ReachesTheMembersDeviceOnB()
    {
        var (alice, bob) = (await cluster.A.CreateUserAsync("alice"), await cluster.A.CreateUserAsync("bob"));
        var chat = await alice.DirectChatWith(bob);
        await using var bobOnB = await HubInbox.ConnectAsync(On(cluster.B, bob));

        var sent = await alice.Send(chat.Id, "from A to B");

        var pushed = await bobOnB.WaitFor<ChatUpdateView>(u => u.Kind == "MessagePosted" && u.Message!.Id == sent.Id);
        Assert.Equal("from A to B", pushed.Message!.Text);
    }

    [Fact]
    public async Task Messages_WrittenOnA_ReachDevicesOnAAndOnB_EachOnce_InUpdateOrder()
    {
        var (alice, bob) = (await cluster.A.CreateUserAsync("alice"), await cluster.A.CreateUserAsync("bob"));
        var chat = await alice.DirectChatWith(bob);
        await using var bobOnA = await HubInbox.ConnectAsync(bob);
        await using var bobOnB = await HubInbox.ConnectAsync(On(cluster.B, bob));

        // A delivers to its own devices in the process and publishes once for B's (RedisChatEvents): neither path may
        // drop, repeat or reorder a push, and A's own publication must not come back to A's devices a second time.
        var sent = new List<MessageView>();
        for (var i = 0; i < 20; i++) sent.Add(await alice.Send(chat.Id, $"to both {i}"));
        await bobOnB.WaitFor<ChatUpdateView>(u => u.Message?.Id == sent[^1].Id);
        // B saw A's last publication, so Redis orders all of A's before this one from B: an echo of A's own would reach
        // bob's device on A before it.
        var fromB = await On(cluster.B, alice).Send(chat.Id, "from B, after");
        sent.Add(fromB);

        foreach (var device in new[] { bobOnA, bobOnB })
        {
            await device.WaitFor<ChatUpdateView>(u => u.Message?.Id == fromB.Id);
            var pushed = device.Updates.Where(u => u.Kind == "MessagePosted" && u.ChatId == chat.Id).Select(u => u.Message!.Id).ToList();
            Assert.Equal(sent.Select(m => m.Id), pushed);
        }
    }

    [Fact]
    public async Task Messages_CommittedTogetherOnA_ReachDevicesOnAAndOnB_EachOnce_InUpdateOrder()
    {
        var (alice, bob, carol) = (await cluster.A.CreateUserAsync("alice"), await cluster.A.CreateUserAsync("bob"), await cluster.A.CreateUserAsync("carol"));
        var (withBob, withCarol) = (await alice.DirectChatWith(bob), await alice.DirectChatWith(carol));
        await using var bobOnA = await HubInbox.ConnectAsync(bob);
        await using var bobOnB = await HubInbox.ConnectAsync(On(cluster.B, bob));

        // Sent at once, the messages are committed in groups and A's push loop finds many updates waiting: they travel to
        // B as one batch (RedisChatEvents), with carol's pushes (no device on B) between bob's.
        var sent = await Task.WhenAll(Enumerable.Range(0, 60).Select(i => alice.Send(i % 3 == 0 ? withCarol.Id : withBob.Id, $"together {i}")));
        var toBob = sent.Where(m => m.ChatId == withBob.Id).ToList();
        var last = toBob.MaxBy(m => m.Sequence)!;

        foreach (var device in new[] { bobOnA, bobOnB })
        {
            await device.WaitFor<ChatUpdateView>(u => u.Message?.Id == last.Id);
            var pushed = device.Updates.Where(u => u.Kind == "MessagePosted").ToList();
            Assert.Equal(toBob.Select(m => m.Id).Order(), pushed.Select(u => u.Message!.Id).Order()); // each of bob's, once, and none of carol's
            Assert.Equal(pushed.Select(u => u.Id).Order(), pushed.Select(u => u.Id)); // in update-id order
        }
    }

    [Fact]
    public async Task Messages_WrittenOnA_ReachADeviceOnB_InUpdateOrder()
    {
        var (alice, bob) = (await cluster.A.CreateUserAsync("alice"), await cluster.A.CreateUserAsync("bob"));
        var chat = await alice.DirectChatWith(bob);
        await using var bobOnB = await HubInbox.ConnectAsync(On(cluster.B, bob));

        // A's push loop hands each push to Redis without waiting for the one before (RedisChatEvents): order must hold.
        var sent = new List<MessageView>();
        for (var i = 0; i < 20; i++) sent.Add(await alice.Send(chat.Id, $"in order {i}"));

        await bobOnB.WaitFor<ChatUpdateView>(u => u.Message?.Id == sent[^1].Id);
        var pushed = bobOnB.Updates.Where(u => u.Kind == "MessagePosted" && u.ChatId == chat.Id).ToList();
        Assert.Equal(sent.Select(m => m.Id), pushed.Select(u => u.Message!.Id)); // all of them, before the last, in send order
        Assert.Equal(pushed.Select(u => u.Id).Order(), pushed.Select(u => u.Id));
    }

    [Fact]
    public async Task Device_LeavingAAndResumingOnB_CatchesUpOnWritesOfBothInstances_InOrderWithoutGapOrDuplicate()
    {
        var (alice, bob) = (await cluster.A.CreateUserAsync("alice"), await cluster.A.CreateUserAsync("bob"));
        var chat = await alice.DirectChatWith(bob);
        var aliceOnB = On(cluster.B, alice);
        var bobDevice = await HubInbox.ConnectAsync(bob);
        var before = await alice.Send(chat.Id, "online, on A");
        var seen = await bobDevice.WaitFor<ChatUpdateView>(u => u.Message?.Id == before.Id);
        await bobDevice.DisposeAsync(); // the network drops; the device comes back through the other instance

        // Both instances write while the device is away, at the same time: two writers numbering one update log.
        var missed = await Task.WhenAll(Enumerable.Range(0, 10).Select(i => (i % 2 == 0 ? alice : aliceOnB).Send(chat.Id, $"while away {i}")));

        await using var back = await HubInbox.ConnectAsync(On(cluster.B, bob));
        var (caughtUp, cursor) = await back.CatchUpAsync(seen.Id, pageSize: 3, Ct); // small pages on purpose

        Assert.Equal(caughtUp.Select(u => u.Id).Order(), caughtUp.Select(u => u.Id));
        Assert.Equal(caughtUp.Count, caughtUp.Select(u => u.Id).Distinct().Count());
        Assert.Equal(missed.Select(m => m.Id).Order(), caughtUp.Where(u => u.Kind == "MessagePosted").Select(u => u.Message!.Id).Order());
        // The chat's sequence numbers run on without a hole or a twin, in update order, whichever instance numbered them.
        Assert.Equal(Enumerable.Range(1, 10).Select(i => before.Sequence + i), caughtUp.Where(u => u.Kind == "MessagePosted").Select(u => u.Message!.Sequence));
        Assert.DoesNotContain(caughtUp, u => u.Id <= seen.Id);
        Assert.Empty((await On(cluster.A, bob).Sync(cursor)).Updates);
    }

    [Fact]
    public async Task Message_EditedOnB_ThenItsSendRetriedOnA_AnswersTheEdit_AndADeviceOnASeesTheEditLive()
    {
        var (alice, bob) = (await cluster.A.CreateUserAsync("alice"), await cluster.A.CreateUserAsync("bob"));
        var chat = await alice.DirectChatWith(bob);
        await using var bobOnA = await HubInbox.ConnectAsync(bob);
        var clientId = Guid.NewGuid();
        // Sent on A: A's writer remembers it by its client id, to answer a retry without a query.
        var sent = await alice.Send(chat.Id, "first words", clientId);

        var edited = await On(cluster.B, alice).Http.PatchAsJsonAsync($"/api/chats/{chat.Id}/messages/{sent.Id}",
            new Api.Messaging.EditMessageBody("second thoughts"), ChatApi.Json, Ct);
        Assert.Equal(HttpStatusCode.OK, edited.StatusCode);

        // The edit is committed before B answers: a retry of the original send on A must answer it, not A's memory.
        var retried = await alice.Send(chat.Id, "first words", clientId);
        Assert.Equal(sent.Id, retried.Id);
        Assert.Equal("second thoughts", retried.Text);
        Assert.NotNull(retried.EditedAt);
        var live = await bobOnA.WaitFor<ChatUpdateView>(u => u.Kind == "MessageEdited" && u.Message!.Id == sent.Id);
        Assert.Equal("second thoughts", live.Message!.Text);
        // Still one message: the retry stored nothing.
        Assert.Single(await alice.History(chat.Id), m => m.ClientMessageId == clientId);
    }

    [Fact]
    public async Task Typing_OnA_ReachesTheMembersDeviceOnB()
    {
        var (alice, bob) = (await cluster.A.CreateUserAsync("alice"), await cluster.A.CreateUserAsync("bob"));
        var chat = await alice.DirectChatWith(bob);
        await using var aliceOnA = await HubInbox.ConnectAsync(alice);
        await using var bobOnB = await HubInbox.ConnectAsync(On(cluster.B, bob));

        await aliceOnA.Connection.InvokeAsync(nameof(ChatHub.Typing), chat.Id, Ct);

        await bobOnB.WaitFor<TypingView>(t => t.ChatId == chat.Id && t.UserId == alice.Id);
    }

    [Fact]
    public async Task SignOut_OnA_ClosesTheSessionsConnectionOnB_AndItsNextRequestOnBIs401()
    {
        var user = await cluster.A.SignUpAsync($"leaver_{Guid.NewGuid():N}"[..20]);
        var onB = BearerClient(cluster.B, user.Token);
        // B has the session cached and a hub connection open under it.
        Assert.Equal(HttpStatusCode.OK, (await onB.GetAsync("/api/me", Ct)).StatusCode);
        await using var device = await SessionRevocationTests.ConnectWithToken(cluster.B, user.Token);
        var closed = new TaskCompletionSource<Exception?>(TaskCreationOptions.RunContinuationsAsynchronously);
        device.Closed += error => { closed.TrySetResult(error); return Task.CompletedTask; };

        var signedOut = await user.Http.PostAsync("/api/auth/sign-out", null, Ct);
        Assert.Equal(HttpStatusCode.NoContent, signedOut.StatusCode);

        await closed.Task.WaitAsync(TimeSpan.FromSeconds(10), Ct);
        Assert.Equal(HubConnectionState.Disconnected, device.State);
        Assert.Equal(HttpStatusCode.Unauthorized, (await onB.GetAsync("/api/me", Ct)).StatusCode);
        await Assert.ThrowsAnyAsync<Exception>(() => SessionRevocationTests.ConnectWithToken(cluster.B, user.Token));
    }

    [Fact]
    public async Task Member_RemovedOnA_CanNoLongerReadOrPostViaB()
    {
        var (alice, bob, carol) = (await cluster.A.CreateUserAsync("alice"), await cluster.A.CreateUserAsync("bob"), await cluster.A.CreateUserAsync("carol"));
        var group = await alice.CreateGroup("two instances", bob, carol);
        var bobOnB = On(cluster.B, bob);
        // B caches the group's members on this read.
        Assert.Empty(await bobOnB.History(group.Id));

        var removed = await alice.Http.DeleteAsync($"/api/chats/{group.Id}/members/{bob.Id}", Ct);
        Assert.Equal(HttpStatusCode.NoContent, removed.StatusCode);

        // B refuses as soon as A's notice has arrived; without it B's cached members would let bob in for good.
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        HttpStatusCode read;
        while ((read = (await bobOnB.Http.GetAsync($"/api/chats/{group.Id}/messages", Ct)).StatusCode) == HttpStatusCode.OK && DateTime.UtcNow < deadline)
            await Task.Delay(20, Ct);
        Assert.NotEqual(HttpStatusCode.OK, read);
        var post = await bobOnB.Http.PostAsJsonAsync($"/api/chats/{group.Id}/messages",
            new Api.Messaging.SendMessageBody(Guid.NewGuid(), "still here?"), ChatApi.Json, Ct);
        var (status, code, _) = await ChatApi.Problem(post);
        Assert.Equal((404, "chat.not_found"), (status, code)); // a chat one is not in reads as absent
        // The group holds alice's notice of the removal, and nothing of bob's.
        Assert.Equal([("System", alice.Id)], (await alice.History(group.Id)).Select(m => (m.Kind.ToString(), m.SenderId)));
    }

    [Fact]
    public async Task Presence_IsOneUsersAcrossInstances_OnlineWhileAnyDeviceIsConnected_OfflineAfterTheLast()
    {
        var (alice, bob) = (await cluster.A.CreateUserAsync("alice"), await cluster.A.CreateUserAsync("bob"));
        await alice.DirectChatWith(bob);
        await using var aliceOnA = await HubInbox.ConnectAsync(alice);

        var bobPhoneOnB = await HubInbox.ConnectAsync(On(cluster.B, bob));
        var online = await aliceOnA.WaitFor<PresenceView>(p => p.UserId == bob.Id && p.Online);
        var bobLaptopOnA = await HubInbox.ConnectAsync(bob);
        // The hub answers a call only after its OnConnectedAsync: the laptop is counted before the phone leaves.
        await bobLaptopOnA.Connection.InvokeAsync<UpdatePage>(nameof(ChatHub.Sync), 0L, 1, Ct);
        await bobPhoneOnB.DisposeAsync();
        await bobLaptopOnA.DisposeAsync();
        var offline = await aliceOnA.WaitFor<PresenceView>(p => p.UserId == bob.Id && !p.Online);

        Assert.Null(online.LastSeen);
        Assert.NotNull(offline.LastSeen);
        // One user, counted once across both instances: the laptop on A joining said nothing, nor did the phone on B leaving.
        Assert.Single(aliceOnA.Received<PresenceView>(), p => p.UserId == bob.Id && p.Online);
        Assert.Single(aliceOnA.Received<PresenceView>(), p => p.UserId == bob.Id && !p.Online);
    }

    /// <summary>The same user, reaching instance <paramref name="instance"/> (test sign-in header, so any instance accepts it).</summary>
    static TestUser On(ApiFactory instance, TestUser user)
    {
        var http = instance.CreateClient();
        http.DefaultRequestHeaders.Add(TestAuthHandler.Header, user.Id.ToString());
        http.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        return user with { Http = http, Api = instance };
    }

    static HttpClient BearerClient(ApiFactory instance, string token)
    {
        var http = instance.CreateClientFromNewAddress();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return http;
    }
}
