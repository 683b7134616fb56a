using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using OpenChat.Chain.Api.Auth;

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

    public Func<OnRejectedContext, CancellationToken, ValueTask>? OnRejected { get; } = async (rejected, _) =>
    {
        var http = rejected.HttpContext;
        http.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        // RFC 9110 §10.2.3; a fixed window always knows when it reopens.
        var retryAfter = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? after : TimeSpan.FromMinutes(1);
        http.Response.Headers.RetryAfter = ((int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        await http.RequestServices.GetRequiredService<IProblemDetailsService>().TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = http,
            ProblemDetails =
            {
                Status = StatusCodes.Status429TooManyRequests,
                Title = "rate.limited",
                Detail = "Too many confirmations asked for; try again in a minute.",
                Extensions = { ["code"] = "rate.limited" },
            },
        });
    };
}

public static class CustodyModule
{
    /// <summary>The checks and the confirmation gate every movement of value or authority goes through.</summary>
    public static IServiceCollection AddCustody(this IServiceCollection services)
    {
        services.AddScoped<CheckTerms>();
        services.AddScoped<ConfirmAction>();
        services.AddSingleton<Wallet.Recipients>();
        services.AddSingleton<Auth.DeviceAnnouncements>();
        services.AddScoped<Auth.Devices>();
        services.AddRateLimiter(limits => limits.AddPolicy<string, ConfirmationRateLimit>(ConfirmationRateLimit.Policy));
        return services;
    }
}
