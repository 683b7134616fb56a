using Fido2NetLib;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace OpenChat.Chain.Identity;

public static class IdentityModule
{
    /// <summary>
    /// IdentityDb, passkeys (Fido2, "Passkeys" section) and Sign-In with Ethereum ("Siwe" section).
    /// <paramref name="database"/> chooses the provider, the connection and the migrations history table.
    /// </summary>
    public static IServiceCollection AddIdentity(
        this IServiceCollection services, IConfiguration configuration, Action<DbContextOptionsBuilder> database)
    {
        services.AddDbContext<IdentityDb>(database, ServiceLifetime.Scoped, ServiceLifetime.Singleton); // options built once, not per request
        services.Configure<PasskeyOptions>(configuration.GetSection(PasskeyOptions.Section));
        services.Configure<SiweOptions>(configuration.GetSection(SiweOptions.Section));
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
        services.AddScoped<Devices>(); // tells the host's IDeviceNotices
        return services;
    }
}
