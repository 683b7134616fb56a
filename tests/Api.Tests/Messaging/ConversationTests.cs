using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.SignalR.Client;
using OpenChat.Chain.Api.Messaging;
using OpenChat.Chain.Api.Realtime;
using OpenChat.Chain.Api.Tests.Support;
using OpenChat.Chain.Messaging.Chats;
using OpenChat.Chain.Messaging.Messages;
using OpenChat.Chain.Messaging.Sync;

namespace OpenChat.Chain.Api.Tests.Messaging;

/// <summary>A 1:1 conversation over HTTP and the realtime hub, on the real host and a real SQLite file.</summary>
public sealed class ConversationTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task DirectMessage_ReachesRecipientLive_AndTicksGoFromSentToDeliveredToRead()
    {
        var (alice, bob) = (await api.CreateUserAsync("alice"), await api.CreateUserAsync("bob"));
        await using var aliceDevice = await HubInbox.ConnectAsync(alice);
        await using var bobDevice = await HubInbox.ConnectAsync(bob);
        var chat = await alice.DirectChatWith(bob);

        var sent = await alice.Send(chat.Id, "gm bob");

        var arrived = await bobDevice.WaitFor<ChatUpdateView>(u => u.Message?.Id == sent.Id);
        Assert.Equal("gm bob", arrived.Message!.Text);
        Assert.Equal(1, sent.Sequence);
        // Sent: stored. Delivered: a device of Bob's acknowledges it. Read: Bob opened the chat up to it.
        await bobDevice.Connection.InvokeAsync<MemberView>(nameof(ChatHub.Receipts), chat.Id, sent.Sequence, (long?)null, Ct);
        var delivered = await aliceDevice.WaitFor<ChatUpdateView>(u => u.Kind == "ReceiptsAdvanced" && u.Member?.UserId == bob.Id);
        Assert.Equal(1, delivered.Member!.DeliveredUpTo);
        Assert.Equal(0, delivered.Member.ReadUpTo);
        await bob.Http.PostAsJsonAsync($"/api/chats/{chat.Id}/receipts", new ReceiptsBody(null, sent.Sequence), ChatApi.Json, Ct);
        var read = await aliceDevice.WaitFor<ChatUpdateView>(u => u.Kind == "ReceiptsAdvanced" && u.Member?.ReadUpTo == 1);
        Assert.Equal(bob.Id, read.Member!.UserId);
    }

    [Fact]
    public async Task SendMessage_RetriedWithSameClientId_IsStoredOnce()
    {
        var (alice, bob) = (await api.CreateUserAsync("alice"), await api.CreateUserAsync("bob"));
        var chat = await alice.DirectChatWith(bob);
        var clientId = Guid.NewGuid();

        var first = await alice.Send(chat.Id, "once", clientId);
        var again = await alice.Send(chat.Id, "once", clientId);

        Assert.Equal(first.Id, again.Id);
        Assert.Single(await bob.History(chat.Id));
    }

    [Fact]
    public async Task SendMessage_RetriedAfterAnEdit_AnswersTheMessageAsItIsNow()
    {
        var (alice, bob) = (await api.CreateUserAsync("alice"), await api.CreateUserAsync("bob"));
        var chat = await alice.DirectChatWith(bob);
        var clientId = Guid.NewGuid();
        var first = await alice.Send(chat.Id, "frist", clientId);
        await ChatApi.Read<MessageView>(await alice.Http.PatchAsJsonAsync(
            $"/api/chats/{chat.Id}/messages/{first.Id}", new EditMessageBody("first"), ChatApi.Json, Ct));

        // The writer remembers only that the client id was committed; the answer is read from the database.
        var again = await alice.Send(chat.Id, "frist", clientId);

        Assert.Equal((first.Id, "first"), (again.Id, again.Text));
        Assert.Single(await bob.History(chat.Id));
    }

    [Fact]
    public async Task Typing_ReachesTheOtherMemberOnly_AndIsNeverStored()
    {
        var (alice, bob, carol) = (await api.CreateUserAsync("alice"), await api.CreateUserAsync("bob"), await api.CreateUserAsync("carol"));
        await using var bobDevice = await HubInbox.ConnectAsync(bob);
        await using var carolDevice = await HubInbox.ConnectAsync(carol);
        await using var aliceDevice = await HubInbox.ConnectAsync(alice);
        var chat = await alice.DirectChatWith(bob);

        await aliceDevice.Connection.InvokeAsync(nameof(ChatHub.Typing), chat.Id, Ct);

        var typing = await bobDevice.WaitFor<TypingView>(t => t.ChatId == chat.Id);
        Assert.Equal(alice.Id, typing.UserId);
        var withCarol = await alice.DirectChatWith(carol);
        await carolDevice.ExpectNoneBefore<TypingView>(t => t.ChatId == chat.Id,
            () => alice.Send(withCarol.Id, "hello carol"), u => u.Message?.Text == "hello carol");
        Assert.DoesNotContain((await bob.Sync(0)).Updates, u => u.Kind.Contains("Typing"));
    }

    [Fact]
    public async Task EditDeleteReact_AreSeenLiveByTheOtherSide()
    {
        var (alice, bob) = (await api.CreateUserAsync("alice"), await api.CreateUserAsync("bob"));
        await using var bobDevice = await HubInbox.ConnectAsync(bob);
        var chat = await alice.DirectChatWith(bob);
        var message = await alice.Send(chat.Id, "helo");

        var edited = await ChatApi.Read<MessageView>(await alice.Http.PatchAsJsonAsync(
            $"/api/chats/{chat.Id}/messages/{message.Id}", new EditMessageBody("hello"), ChatApi.Json, Ct));
        var reacted = await ChatApi.Read<MessageView>(await bob.Http.PutAsync($"/api/chats/{chat.Id}/messages/{message.Id}/reactions/👍", null, Ct));
        await alice.Http.PutAsync($"/api/chats/{chat.Id}/messages/{message.Id}/reactions/👍", null, Ct);

        Assert.Equal("hello", edited.Text);
        Assert.NotNull(edited.EditedAt);
        Assert.Equal(1, Assert.Single(reacted.Reactions).Count);
        var liveEdit = await bobDevice.WaitFor<ChatUpdateView>(u => u.Kind == "MessageEdited");
        Assert.Equal("hello", liveEdit.Message!.Text);
        var twoThumbs = await bobDevice.WaitFor<ChatUpdateView>(u => u.Kind == "ReactionsChanged" && u.Message!.Reactions.Any(r => r.Count == 2));
        Assert.Equal([bob.Id, alice.Id], twoThumbs.Message!.Reactions.Single().UserIds);

        var bobCannotEdit = await bob.Http.PatchAsJsonAsync($"/api/chats/{chat.Id}/messages/{message.Id}", new EditMessageBody("mine now"), ChatApi.Json, Ct);
        Assert.Equal((403, "message.not_sender"), (await ChatApi.Problem(bobCannotEdit)) is var p ? (p.Status, p.Code) : default);

        var deleted = await ChatApi.Read<MessageView>(await alice.Http.DeleteAsync($"/api/chats/{chat.Id}/messages/{message.Id}", Ct));
        Assert.True(deleted.Deleted);
        Assert.Null(deleted.Text);
        Assert.Empty(deleted.Reactions);
        var liveDelete = await bobDevice.WaitFor<ChatUpdateView>(u => u.Kind == "MessageDeleted");
        Assert.True(liveDelete.Message!.Deleted);
        Assert.True((await bob.History(chat.Id)).Single().Deleted);
    }

    [Fact]
    public async Task ReplyAndForward_KeepTheirLinks()
    {
        var (alice, bob, carol) = (await api.CreateUserAsync("alice"), await api.CreateUserAsync("bob"), await api.CreateUserAsync("carol"));
        var withBob = await alice.DirectChatWith(bob);
        var withCarol = await alice.DirectChatWith(carol);
        var question = await alice.Send(withBob.Id, "lunch?");

        var answer = await bob.Send(withBob.Id, "yes", replyTo: question.Id);
        var forwarded = await ChatApi.Read<MessageView>(await alice.Http.PostAsJsonAsync(
            $"/api/chats/{withBob.Id}/messages/{answer.Id}/forward", new ForwardMessageBody(withCarol.Id, Guid.NewGuid()), ChatApi.Json, Ct));

        Assert.Equal(question.Id, answer.ReplyToId);
        Assert.Equal(answer.Id, forwarded.ForwardedFromId);
        Assert.Equal("yes", Assert.Single(await carol.History(withCarol.Id)).Text);
        var replyElsewhere = await bob.Http.PostAsJsonAsync($"/api/chats/{withBob.Id}/messages",
            new SendMessageBody(Guid.NewGuid(), "?", ReplyToId: forwarded.Id), ChatApi.Json, Ct);
        Assert.Equal(400, (await ChatApi.Problem(replyElsewhere)).Status);
    }

    [Fact]
    public async Task History_PagesBackwardsWithoutGapsOrRepeats()
    {
        var (alice, bob) = (await api.CreateUserAsync("alice"), await api.CreateUserAsync("bob"));
        var chat = await alice.DirectChatWith(bob);
        for (var i = 1; i <= 25; i++) await alice.Send(chat.Id, $"m{i}");

        var pages = new List<MessageView>();
        long? before = null;
        while (true)
        {
            var page = await bob.History(chat.Id, before, limit: 10);
            if (page.Count == 0) break;
            pages.AddRange(page);
            before = page[^1].Sequence;
        }

        Assert.Equal(Enumerable.Range(1, 25).Reverse().Select(i => (long)i), pages.Select(m => m.Sequence));
        Assert.Equal("m25", pages[0].Text);
    }

    [Fact]
    public async Task TwoDevicesOfOneUser_BothReceiveTheMessage()
    {
        var (alice, bob) = (await api.CreateUserAsync("alice"), await api.CreateUserAsync("bob"));
        await using var phone = await HubInbox.ConnectAsync(bob);
        await using var laptop = await HubInbox.ConnectAsync(bob);
        var chat = await alice.DirectChatWith(bob);

        var sent = await alice.Send(chat.Id, "to all your devices");

        await phone.WaitFor<ChatUpdateView>(u => u.Message?.Id == sent.Id);
        await laptop.WaitFor<ChatUpdateView>(u => u.Message?.Id == sent.Id);
    }

    [Fact]
    public async Task Sending_PastTheRateLimit_Returns429()
    {
        var (alice, bob) = (await api.CreateUserAsync("alice"), await api.CreateUserAsync("bob"));
        var chat = await alice.DirectChatWith(bob);

        var statuses = await Task.WhenAll(Enumerable.Range(0, 120).Select(i =>
            alice.Http.PostAsJsonAsync($"/api/chats/{chat.Id}/messages", new SendMessageBody(Guid.NewGuid(), $"spam {i}"), ChatApi.Json, Ct)));

        Assert.Contains(statuses, r => r.StatusCode == HttpStatusCode.TooManyRequests);
        Assert.Contains(statuses, r => r.StatusCode == HttpStatusCode.Created);
        var stored = statuses.Count(r => r.StatusCode == HttpStatusCode.Created);
        Assert.Equal(stored, (await bob.Sync(0)).Updates.Count(u => u.Kind == "MessagePosted"));
    }
}
