using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using OpenChat.Chain.Api.Auth;
using OpenChat.Chain.Identity;
using OpenChat.Chain.Payments.Custody;

namespace OpenChat.Chain.Api.Custody;

/// <summary>
/// The "confirmations" policy: a fixed window of confirmation ceremonies per signed-in user (20 a minute by default,
/// RateLimits:ConfirmationsPerMinute), so a stolen session cannot fill the ceremony table or flood the owner's prompts.
/// </summary>
public sealed class ConfirmationRateLimit(IConfiguration configuration) : IRateLimiterPolicy<string>
{
    public const string Policy = "confirmations";

    public RateLimitPartition<string> GetPartition(HttpContext http) =>
        RateLimitPartition.GetFixedWindowLimiter(
            http.User.Identity?.IsAuthenticated == true ? http.User.UserId().ToString() : "anonymous",
            _ => new FixedWindowRateLimiterOptions
            {
                PermitLimit = configuration.GetValue("RateLimits:ConfirmationsPerMinute", 20),
                Window = TimeSpan.FromMinutes(1),
                QueueLimit = 0,
            });

    // A fixed window always knows when it reopens; a minute when the lease says nothing.
    public Func<OnRejectedContext, CancellationToken, ValueTask>? OnRejected { get; } =
        RateLimitRejection.Answer("Too many confirmations asked for; try again in a minute.", TimeSpan.FromMinutes(1));
}

public static class CustodyModule
{
    /// <summary>How owners prove confirmations (passkeys, EIP-712), their devices, and the ceremony rate limit; the rules live in Payments.</summary>
    public static IServiceCollection AddCustody(this IServiceCollection services)
    {
        services.AddScoped<IOwnerProof, OwnerProof>();
        services.AddSingleton<IDeviceNotices, DeviceNotices>();
        services.AddRateLimiter(limits => limits.AddPolicy<string, ConfirmationRateLimit>(ConfirmationRateLimit.Policy));
        return services;
    }
}
