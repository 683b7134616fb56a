using Fido2NetLib;
using Microsoft.AspNetCore.Authentication;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace OpenChat.Chain.Api.Auth;

public static class AuthModule
{
    /// <summary>
    /// The "Session" scheme (the default), its IdentityDb, passkeys (Fido2, "Passkeys" section), Sign-In with
    /// Ethereum ("Siwe" section) and the "sign-in" rate-limit policy ("RateLimits:SignIn" section).
    /// <paramref name="database"/> chooses the provider, the connection and the migrations history table.
    /// </summary>
    public static IServiceCollection AddSessionAuthentication(
        this IServiceCollection services, IConfiguration configuration, Action<DbContextOptionsBuilder> database)
    {
        services.AddDbContext<IdentityDb>(database, ServiceLifetime.Scoped, ServiceLifetime.Singleton); // options built once, not per request
        services.Configure<PasskeyOptions>(configuration.GetSection(PasskeyOptions.Section));
        services.Configure<SiweOptions>(configuration.GetSection(SiweOptions.Section));
        services.Configure<SignInRateLimitOptions>(configuration.GetSection(SignInRateLimitOptions.Section));

        services.AddSingleton<IFido2>(sp =>
        {
            var passkeys = sp.GetRequiredService<IOptions<PasskeyOptions>>().Value;
            return new Fido2(new Fido2Configuration
            {
                RPID = passkeys.RpId,
                RPName = passkeys.RpName,
                Origins = passkeys.EffectiveOrigins.ToHashSet(StringComparer.OrdinalIgnoreCase),
                // The browser's prompt gives up when the server-side challenge does.
                Timeout = (uint)CeremonyStore.PasskeyLifetime.TotalMilliseconds,
            }, metadataService: null);
        });
        services.AddScoped<CeremonyStore>();
        services.AddScoped<PasskeyCeremonies>();
        services.AddScoped<SiweSignIn>();
        services.AddScoped<Sessions>();
        services.AddSingleton<SessionCache>();

        services.AddAuthentication(SessionDefaults.Scheme)
            .AddScheme<AuthenticationSchemeOptions, SessionAuthenticationHandler>(SessionDefaults.Scheme, null);

        // Adds a policy only: the host's other policies and global options stay as they are.
        services.AddRateLimiter(limits => limits.AddPolicy<string, SignInRateLimit>(SignInRateLimit.Policy));
        return services;
    }
}
