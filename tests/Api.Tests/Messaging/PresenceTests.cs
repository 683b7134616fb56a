using Microsoft.AspNetCore.SignalR.Client;
using OpenChat.Chain.Api.Realtime;
using OpenChat.Chain.Api.Tests.Support;
using OpenChat.Chain.Messaging.Realtime;

namespace OpenChat.Chain.Api.Tests.Messaging;

public sealed class PresenceTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    [Fact]
    public async Task Contact_SeesMeComeOnline_AndGoOfflineWhenMyLastDeviceLeaves()
    {
        var (alice, bob, stranger) = (await api.CreateUserAsync("alice"), await api.CreateUserAsync("bob"), await api.CreateUserAsync("stranger"));
        await alice.DirectChatWith(bob);
        await using var bobDevice = await HubInbox.ConnectAsync(bob);
        await using var strangerDevice = await HubInbox.ConnectAsync(stranger);

        var phone = await HubInbox.ConnectAsync(alice);
        var online = await bobDevice.WaitFor<PresenceView>(p => p.UserId == alice.Id && p.Online);
        var laptop = await HubInbox.ConnectAsync(alice);
        await phone.DisposeAsync();
        await laptop.DisposeAsync();
        var offline = await bobDevice.WaitFor<PresenceView>(p => p.UserId == alice.Id && !p.Online);

        Assert.Null(online.LastSeen);
        Assert.NotNull(offline.LastSeen);
        // The phone leaving while the laptop stayed said nothing: the only "offline" is the laptop's, the last device.
        Assert.Single(bobDevice.Received<PresenceView>(), p => p.UserId == alice.Id && !p.Online);
        // Nothing of alice's presence reached a stranger before a later push to the stranger's own device.
        var dave = await api.CreateUserAsync("dave");
        var daveAndStranger = await dave.DirectChatWith(stranger);
        await strangerDevice.ExpectNoneBefore<PresenceView>(p => p.UserId == alice.Id,
            () => dave.Send(daveAndStranger.Id, "hi stranger"), u => u.Message?.Text == "hi stranger");
    }

    [Fact]
    public async Task OnlineContacts_TellsANewDeviceWhoIsOnlineAlready_SoBothSidesSeeTheSame()
    {
        var (alice, bob, carol) = (await api.CreateUserAsync("alice"), await api.CreateUserAsync("bob"), await api.CreateUserAsync("carol"));
        await alice.DirectChatWith(bob);
        await alice.DirectChatWith(carol);
        await using var bobDevice = await HubInbox.ConnectAsync(bob);
        // The hub answers a call only after its OnConnectedAsync: Bob is counted online before Alice comes.
        await bobDevice.Connection.InvokeAsync<OpenChat.Chain.Messaging.Sync.UpdatePage>(nameof(ChatHub.Sync), 0L, 1, TestContext.Current.CancellationToken);

        await using var aliceDevice = await HubInbox.ConnectAsync(alice);
        var online = await aliceDevice.Connection.InvokeAsync<List<PresenceView>>(nameof(ChatHub.OnlineContacts), TestContext.Current.CancellationToken);

        // Bob was online before Alice came: she hears it by asking; Carol is offline and not listed.
        var bobOnline = Assert.Single(online);
        Assert.Equal((bob.Id, true), (bobOnline.UserId, bobOnline.Online));
        await bobDevice.WaitFor<PresenceView>(p => p.UserId == alice.Id && p.Online);
    }
}
