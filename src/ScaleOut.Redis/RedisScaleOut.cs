using Microsoft.AspNetCore.SignalR.StackExchangeRedis;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using OpenChat.Chain.Kernel;
using OpenChat.Chain.Messaging.Realtime;
using StackExchange.Redis;

namespace OpenChat.Chain.ScaleOut.Redis;

/// <summary>
/// One instance or several. Without Redis everything stays in this process (presence, pushes, cache invalidation: the
/// contexts' in-process defaults). With it, every instance shares one Redis connection for the SignalR backplane (a push
/// from any instance reaches a device connected to another), presence, and <see cref="IInstanceSignals"/>. Instances of
/// one deployment share the channel prefix (<c>Redis:ChannelPrefix</c>, default "openchat"); another deployment on the
/// same Redis picks its own.
/// </summary>
public static class RedisScaleOut
{
    /// <summary>
    /// Replaces the in-process <see cref="IInstanceSignals"/>, <see cref="IChatEvents"/> and <see cref="PresenceRegistry"/>
    /// with their Redis versions and adds SignalR's Redis backplane. The host registers its <see cref="ILocalDevices"/>.
    /// </summary>
    public static IServiceCollection AddRedisScaleOut(this IServiceCollection services, string connectionString, string? channelPrefix)
    {
        var prefix = channelPrefix is { Length: > 0 } configured ? configured : "openchat";
        var options = ConfigurationOptions.Parse(connectionString);
        options.ChannelPrefix = RedisChannel.Literal($"{prefix}:");
        options.ClientName ??= "openchat";
        // The .NET thread pool, not StackExchange.Redis's default scheduler of ten dedicated threads: each publication and
        // each message received hopped onto one of those through a lock and a pulse, and their wake-ups competed with the
        // thread pool for the same cores. Profiled on the two-instance bench (issue 15, 2026-12-06), handing work to that
        // scheduler was 3-5 % of an instance's busy samples. Pub/sub order is the subscription queue's, whichever thread reads it.
        options.SocketManager ??= SocketManager.ThreadPool;
        // Connected at the first resolve (start): a configured Redis that does not answer stops the start with its reason.
        services.AddSingleton<IConnectionMultiplexer>(_ => ConnectionMultiplexer.Connect(options));
        services.AddSignalR().AddStackExchangeRedis();
        services.AddOptions<RedisOptions>().Configure<IServiceProvider>((redis, sp) =>
            redis.ConnectionFactory = _ => Task.FromResult(sp.GetRequiredService<IConnectionMultiplexer>()));
        services.Replace(ServiceDescriptor.Singleton<IInstanceSignals, RedisSignals>());
        services.Replace(ServiceDescriptor.Singleton<IChatEvents, RedisChatEvents>());
        services.Replace(ServiceDescriptor.Singleton<PresenceRegistry>(sp =>
            new RedisPresence(sp.GetRequiredService<IConnectionMultiplexer>(), $"{prefix}:", sp.GetRequiredService<TimeProvider>())));
        return services;
    }
}
