using System.Net.Http.Json;
using Microsoft.AspNetCore.SignalR.Client;
using OpenChat.Chain.Api.Messaging;
using OpenChat.Chain.Api.Realtime;
using OpenChat.Chain.Api.Tests.Support;
using OpenChat.Chain.Messaging.Messages;
using OpenChat.Chain.Messaging.Sync;

namespace OpenChat.Chain.Api.Tests.Messaging;

/// <summary>A device that was offline catches up from its cursor: everything, in order, nothing twice.</summary>
public sealed class SyncTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Reconnect_WithLastCursor_ReceivesEverythingMissedInOrderWithoutDuplicates()
    {
        var (alice, bob) = (await api.CreateUserAsync("alice"), await api.CreateUserAsync("bob"));
        var chat = await alice.DirectChatWith(bob);
        var group = await alice.CreateGroup("trip", bob);
        var bobDevice = await HubInbox.ConnectAsync(bob);
        var before = await alice.Send(chat.Id, "online");
        var seen = await bobDevice.WaitFor<ChatUpdateView>(u => u.Message?.Id == before.Id);
        await bobDevice.DisposeAsync(); // the network drops

        var missed = new List<MessageView>();
        for (var i = 0; i < 7; i++) missed.Add(await alice.Send(i % 2 == 0 ? chat.Id : group.Id, $"while away {i}"));
        await alice.Http.PatchAsJsonAsync($"/api/chats/{chat.Id}/messages/{missed[0].Id}", new EditMessageBody("while away 0 (edited)"), ChatApi.Json, Ct);
        await alice.Http.PutAsync($"/api/chats/{group.Id}/messages/{missed[1].Id}/reactions/🎉", null, Ct);

        await using var back = await HubInbox.ConnectAsync(bob);
        var (caughtUp, cursor) = await back.CatchUpAsync(seen.Id, pageSize: 3, Ct); // small pages on purpose

        Assert.Equal(caughtUp.Select(u => u.Id).Order(), caughtUp.Select(u => u.Id));
        Assert.Equal(caughtUp.Count, caughtUp.Select(u => u.Id).Distinct().Count());
        Assert.Equal(missed.Select(m => m.Id), caughtUp.Where(u => u.Kind == "MessagePosted").Select(u => u.Message!.Id));
        Assert.Contains(caughtUp, u => u.Kind == "MessageEdited" && u.Message!.Text == "while away 0 (edited)");
        Assert.Contains(caughtUp, u => u.Kind == "ReactionsChanged" && u.Message!.Id == missed[1].Id);
        Assert.DoesNotContain(caughtUp, u => u.Id <= seen.Id);
        Assert.Empty((await bob.Sync(cursor)).Updates);
    }

    [Fact]
    public async Task Sync_FromZero_OnANewDevice_RebuildsEveryChat()
    {
        var (alice, bob, carol) = (await api.CreateUserAsync("alice"), await api.CreateUserAsync("bob"), await api.CreateUserAsync("carol"));
        var chat = await alice.DirectChatWith(bob);
        await alice.Send(chat.Id, "one");
        await bob.Send(chat.Id, "two");
        var elsewhere = await alice.DirectChatWith(carol);
        await alice.Send(elsewhere.Id, "not for bob");

        var page = await bob.Sync(0);

        Assert.Equal(["one", "two"], page.Updates.Where(u => u.Kind == "MessagePosted").Select(u => u.Message!.Text));
        Assert.All(page.Updates, u => Assert.Equal(chat.Id, u.ChatId));
        Assert.False(page.HasMore);
    }
}
