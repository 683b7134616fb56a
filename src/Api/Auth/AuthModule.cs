using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.SignalR;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection.Extensions;
using OpenChat.Chain.Kernel;
using OpenChat.Chain.Identity;
using OpenChat.Chain.Payments.Custody;

namespace OpenChat.Chain.Api.Auth;

public static class AuthModule
{
    /// <summary>
    /// The "Session" scheme (the default) over Identity's sessions, and the "sign-in" rate-limit policy
    /// ("RateLimits:SignIn" section). <paramref name="database"/> is Identity's (see <see cref="IdentityModule"/>).
    /// </summary>
    public static IServiceCollection AddSessionAuthentication(
        this IServiceCollection services, IConfiguration configuration, Action<DbContextOptionsBuilder> database)
    {
        services.AddIdentity(configuration, database);
        services.Configure<SignInRateLimitOptions>(configuration.GetSection(SignInRateLimitOptions.Section));
        services.AddScoped<Sessions>();
        services.AddSingleton<SessionCache>();
        services.TryAddSingleton<IInstanceSignals, InProcessSignals>(); // one instance unless the host replaces it
        services.AddSingleton<Realtime.HubSessions>();
        services.AddSingleton<SessionRevocation>();
        services.AddHostedService(sp => sp.GetRequiredService<SessionRevocation>());
        services.Configure<HubOptions>(hubs => hubs.AddFilter<Realtime.HubSessions>());

        services.AddAuthentication(SessionDefaults.Scheme)
            .AddScheme<AuthenticationSchemeOptions, SessionAuthenticationHandler>(SessionDefaults.Scheme, null);

        // Adds a policy only: the host's other policies and global options stay as they are.
        services.AddRateLimiter(limits => limits.AddPolicy<string, SignInRateLimit>(SignInRateLimit.Policy));
        return services;
    }

    /// <summary>
    /// How owners prove a confirmation (passkeys, EIP-712) and how their devices hear of it; the rules live in Payments.
    /// The ceremonies' rate limit is <see cref="PerUserRateLimit.Confirmations"/>.
    /// </summary>
    public static IServiceCollection AddOwnerProofs(this IServiceCollection services)
    {
        services.AddScoped<IOwnerProof, OwnerProof>();
        services.AddSingleton<IDeviceNotices, DeviceNotices>();
        return services;
    }
}
