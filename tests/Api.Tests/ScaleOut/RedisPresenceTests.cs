using OpenChat.Chain.ScaleOut.Redis;
using StackExchange.Redis;

namespace OpenChat.Chain.Api.Tests.ScaleOut;

/// <summary>Presence in a real Redis, each instance on a clock of its own (the only thing faked), so a lease can run out.</summary>
public sealed class RedisPresenceTests(RedisServer redis) : IClassFixture<RedisServer>
{
    sealed class Clock(DateTimeOffset now) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = now;
        public override DateTimeOffset GetUtcNow() => Now;
    }

    [Fact]
    public async Task Devices_OfAnInstanceThatDied_StopCountingOnceTheirLeaseRunsOut()
    {
        await using var connection = await ConnectionMultiplexer.ConnectAsync(redis.ConnectionString);
        var prefix = $"presence-test-{Guid.NewGuid():N}:";
        var start = DateTimeOffset.UtcNow;
        var liveClock = new Clock(start);
        await using var dead = new RedisPresence(connection, prefix, new Clock(start));
        await using var live = new RedisPresence(connection, prefix, liveClock);
        var bob = Guid.NewGuid();

        Assert.True(await dead.Connected(bob, "phone"));
        Assert.False(await live.Connected(bob, "laptop"));
        Assert.False(await live.Disconnected(bob, "laptop")); // the phone, on the other instance, is still online
        Assert.True((await live.Of(bob)).Online);

        // The phone's instance was killed: nothing renews its lease, and the live instance's clock passes it.
        liveClock.Now = start + RedisPresence.Lease + TimeSpan.FromSeconds(1);
        Assert.False((await live.Of(bob)).Online);

        // Bob's next device is his first again, and when it leaves it is his last: the dead phone counts for nothing.
        Assert.True(await live.Connected(bob, "tablet"));
        Assert.False(await live.Connected(bob, "tablet-2"));
        Assert.False(await live.Disconnected(bob, "tablet-2"));
        Assert.True(await live.Disconnected(bob, "tablet"));
        var seen = await live.Of(bob);
        Assert.False(seen.Online);
        Assert.Equal(liveClock.Now.ToUnixTimeMilliseconds(), seen.LastSeen?.ToUnixTimeMilliseconds());
    }
}
