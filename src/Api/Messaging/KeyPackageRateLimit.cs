using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using OpenChat.Chain.Api.Auth;

namespace OpenChat.Chain.Api.Messaging;

/// <summary>
/// The "key-packages" policy: a fixed window of publish calls per signed-in user (20 a minute by default,
/// RateLimits:KeyPackagePublishesPerMinute). A device asks its stock and tops it up once per visit, a couple of calls; a
/// loop would otherwise churn the table (each call may store 20 packages) and the writer that saves them.
/// </summary>
public sealed class KeyPackageRateLimit(IConfiguration configuration) : IRateLimiterPolicy<string>
{
    public const string Policy = "key-packages";

    public RateLimitPartition<string> GetPartition(HttpContext http) =>
        RateLimitPartition.GetFixedWindowLimiter(
            http.User.Identity?.IsAuthenticated == true ? http.User.UserId().ToString() : "anonymous",
            _ => new FixedWindowRateLimiterOptions
            {
                PermitLimit = configuration.GetValue("RateLimits:KeyPackagePublishesPerMinute", 20),
                Window = TimeSpan.FromMinutes(1),
                QueueLimit = 0,
            });

    // A fixed window always knows when it reopens; a minute when the lease says nothing.
    public Func<OnRejectedContext, CancellationToken, ValueTask>? OnRejected { get; } =
        RateLimitRejection.Answer("Too many key package uploads; try again in a minute.", TimeSpan.FromMinutes(1));
}
