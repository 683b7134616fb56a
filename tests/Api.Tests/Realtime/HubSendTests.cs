using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using OpenChat.Chain.Api.Messaging;
using OpenChat.Chain.Api.Realtime;
using OpenChat.Chain.Api.Tests.Support;
using OpenChat.Chain.Messaging.Messages;
using OpenChat.Chain.Messaging.Sync;

namespace OpenChat.Chain.Api.Tests.Realtime;

/// <summary>Sending over the open connection: the REST route's rules, answered with the stored message.</summary>
public sealed class HubSendTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Send_ByMember_AcksWithTheStoredMessage_AndTheOtherMemberReceivesTheUpdate()
    {
        var (alice, bob) = (await api.CreateUserAsync("alice"), await api.CreateUserAsync("bob"));
        var chat = await alice.DirectChatWith(bob);
        await using var aliceDevice = await HubInbox.ConnectAsync(alice);
        await using var bobDevice = await HubInbox.ConnectAsync(bob);

        var ack = await aliceDevice.Connection.InvokeAsync<MessageView>(
            nameof(ChatHub.Send), chat.Id, new SendMessageBody(Guid.NewGuid(), "over the hub"), Ct);

        var stored = Assert.Single(await bob.History(chat.Id));
        Assert.Equal((stored.Id, stored.Sequence, stored.Text, stored.SenderId), (ack.Id, ack.Sequence, ack.Text, alice.Id));
        var pushed = await bobDevice.WaitFor<ChatUpdateView>(u => u.Kind == "MessagePosted" && u.Message!.Id == ack.Id);
        Assert.Equal("over the hub", pushed.Message!.Text);
    }

    [Fact]
    public async Task Send_RetriedWithSameClientId_AnswersTheSameMessage_StoredOnce()
    {
        var (alice, bob) = (await api.CreateUserAsync("alice"), await api.CreateUserAsync("bob"));
        var chat = await alice.DirectChatWith(bob);
        await using var device = await HubInbox.ConnectAsync(alice);
        var body = new SendMessageBody(Guid.NewGuid(), "once");

        var first = await device.Connection.InvokeAsync<MessageView>(nameof(ChatHub.Send), chat.Id, body, Ct);
        var retried = await device.Connection.InvokeAsync<MessageView>(nameof(ChatHub.Send), chat.Id, body, Ct);
        var overRest = await alice.Send(chat.Id, "once", body.ClientMessageId);

        Assert.Equal(first.Id, retried.Id);
        Assert.Equal(first.Id, overRest.Id);
        Assert.Single(await alice.History(chat.Id));
    }

    [Fact]
    public async Task Send_IntoAChatTheCallerIsNotIn_IsRefusedAndStoresNothing()
    {
        var (alice, bob, mallory) = (await api.CreateUserAsync("alice"), await api.CreateUserAsync("bob"), await api.CreateUserAsync("mallory"));
        var chat = await alice.DirectChatWith(bob);
        await using var device = await HubInbox.ConnectAsync(mallory);

        var refused = await Assert.ThrowsAsync<HubException>(() =>
            device.Connection.InvokeAsync<MessageView>(nameof(ChatHub.Send), chat.Id, new SendMessageBody(Guid.NewGuid(), "let me in"), Ct));

        Assert.Contains("chat.not_found", refused.Message);
        Assert.Empty(await alice.History(chat.Id));
    }

    [Fact]
    public async Task Send_WithoutText_IsRefusedNamingTheField()
    {
        var (alice, bob) = (await api.CreateUserAsync("alice"), await api.CreateUserAsync("bob"));
        var chat = await alice.DirectChatWith(bob);
        await using var device = await HubInbox.ConnectAsync(alice);

        var refused = await Assert.ThrowsAsync<HubException>(() =>
            device.Connection.InvokeAsync<MessageView>(nameof(ChatHub.Send), chat.Id, new SendMessageBody(Guid.NewGuid(), ""), Ct));

        Assert.Contains("validation.failed", refused.Message);
        Assert.Contains("Text", refused.Message);
        Assert.Empty(await alice.History(chat.Id));
    }

    [Fact]
    public async Task Connect_WithoutSignIn_IsRefused()
    {
        var server = api.Server;
        await using var anonymous = new HubConnectionBuilder()
            .WithUrl(new Uri(server.BaseAddress, "hubs/chat"), o => o.HttpMessageHandlerFactory = _ => server.CreateHandler())
            .Build();

        var refused = await Assert.ThrowsAsync<HttpRequestException>(() => anonymous.StartAsync(Ct));

        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, refused.StatusCode);
    }

    [Fact]
    public async Task EditAndReact_OverTheHub_AreStoredAndPushed()
    {
        var (alice, bob) = (await api.CreateUserAsync("alice"), await api.CreateUserAsync("bob"));
        var chat = await alice.DirectChatWith(bob);
        await using var aliceDevice = await HubInbox.ConnectAsync(alice);
        await using var bobDevice = await HubInbox.ConnectAsync(bob);
        var sent = await aliceDevice.Connection.InvokeAsync<MessageView>(nameof(ChatHub.Send), chat.Id, new SendMessageBody(Guid.NewGuid(), "typo"), Ct);

        var edited = await aliceDevice.Connection.InvokeAsync<MessageView>(nameof(ChatHub.Edit), chat.Id, sent.Id, "fixed", Ct);
        var reacted = await bobDevice.Connection.InvokeAsync<MessageView>(nameof(ChatHub.React), chat.Id, sent.Id, "👍", false, Ct);

        Assert.Equal("fixed", edited.Text);
        Assert.Contains(reacted.Reactions, r => r.Emoji == "👍");
        await bobDevice.WaitFor<ChatUpdateView>(u => u.Kind == "MessageEdited" && u.Message!.Text == "fixed");
        await aliceDevice.WaitFor<ChatUpdateView>(u => u.Kind == "ReactionsChanged" && u.Message!.Id == sent.Id);
        Assert.Equal("fixed", Assert.Single(await alice.History(chat.Id)).Text);
    }

    [Fact]
    public async Task Send_OverMessagePack_AcksWithTheStoredMessage()
    {
        var (alice, bob) = (await api.CreateUserAsync("alice"), await api.CreateUserAsync("bob"));
        var chat = await alice.DirectChatWith(bob);
        var server = api.Server;
        await using var connection = new HubConnectionBuilder()
            .WithUrl(new Uri(server.BaseAddress, "hubs/chat"), o =>
            {
                o.HttpMessageHandlerFactory = _ => server.CreateHandler();
                o.Transports = Microsoft.AspNetCore.Http.Connections.HttpTransportType.LongPolling;
                o.Headers[TestAuthHandler.Header] = alice.Id.ToString();
            })
            .AddMessagePackProtocol()
            .Build();
        await connection.StartAsync(Ct);

        var ack = await connection.InvokeAsync<MessageView>(nameof(ChatHub.Send), chat.Id, new SendMessageBody(Guid.NewGuid(), "packed"), Ct);

        Assert.Equal("packed", ack.Text);
        Assert.Equal(ack.Id, Assert.Single(await bob.History(chat.Id)).Id);
    }
}
