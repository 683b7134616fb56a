using OpenChat.Chain.Api.Realtime;
using OpenChat.Chain.Api.Tests.Support;

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
        await bobDevice.ExpectNone<PresenceView>(p => p.UserId == alice.Id && !p.Online, TimeSpan.FromMilliseconds(300));
        await laptop.DisposeAsync();
        var offline = await bobDevice.WaitFor<PresenceView>(p => p.UserId == alice.Id && !p.Online);

        Assert.Null(online.LastSeen);
        Assert.NotNull(offline.LastSeen);
        await strangerDevice.ExpectNone<PresenceView>(p => p.UserId == alice.Id, TimeSpan.FromMilliseconds(100));
    }
}
