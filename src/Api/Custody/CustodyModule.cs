using OpenChat.Chain.Api.Auth;
using OpenChat.Chain.Identity;
using OpenChat.Chain.Payments.Custody;

namespace OpenChat.Chain.Api.Custody;

public static class CustodyModule
{
    /// <summary>How owners prove confirmations (passkeys, EIP-712) and their devices (the ceremony rate limit is PerUserRateLimit.Confirmations); the rules live in Payments.</summary>
    public static IServiceCollection AddCustody(this IServiceCollection services)
    {
        services.AddScoped<IOwnerProof, OwnerProof>();
        services.AddSingleton<IDeviceNotices, DeviceNotices>();
        return services;
    }
}
