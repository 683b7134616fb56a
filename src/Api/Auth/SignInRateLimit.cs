using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace OpenChat.Chain.Api.Auth;

/// <summary>
/// The "sign-in" policy: a fixed window of attempts per client IP over every sign-up and sign-in step, so no one
/// can fill the challenge table or hammer the verifier. Its own OnRejected answers 429 whatever the global one does.
/// </summary>
/// <remarks>Behind a reverse proxy the client IP is the proxy's unless forwarded headers are configured.</remarks>
public sealed class SignInRateLimit(IOptions<SignInRateLimitOptions> options) : IRateLimiterPolicy<string>
{
    public const string Policy = "sign-in";

    public RateLimitPartition<string> GetPartition(HttpContext http) =>
        RateLimitPartition.GetFixedWindowLimiter(
            http.Connection.RemoteIpAddress?.ToString() ?? "unknown",
            _ => new FixedWindowRateLimiterOptions
            {
                PermitLimit = options.Value.PermitLimit,
                Window = options.Value.Window,
                QueueLimit = 0,
            });

    public Func<OnRejectedContext, CancellationToken, ValueTask>? OnRejected { get; } =
        RateLimitRejection.Answer("Too many sign-in attempts from this address; try again in a minute.");
}

/// <summary>Sign-in attempts per client IP, from the "RateLimits:SignIn" section.</summary>
public sealed class SignInRateLimitOptions
{
    public const string Section = "RateLimits:SignIn";

    public int PermitLimit { get; set; } = 10;

    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(1);
}
