using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using OpenChat.Chain.Api.Auth;

namespace OpenChat.Chain.Api;

/// <summary>
/// A rate-limit policy that gives each signed-in user a fixed window of calls a minute, its limit read from
/// configuration, and answers 429 + Retry-After when the window is full. Each instance below is one named policy.
/// </summary>
public sealed class PerUserRateLimit(string policy, string limitSetting, int defaultPerMinute, string refusal) : IRateLimiterPolicy<string>
{
    /// <summary>
    /// Confirmation ceremonies (passkey prompts), RateLimits:ConfirmationsPerMinute: a stolen session cannot fill the
    /// ceremony table or flood the owner's prompts.
    /// </summary>
    public static readonly PerUserRateLimit Confirmations = new(
        "confirmations", "RateLimits:ConfirmationsPerMinute", 20, "Too many confirmations asked for; try again in a minute.");

    /// <summary>
    /// MLS key-package publications, RateLimits:KeyPackagePublishesPerMinute. A device asks its stock and tops it up once
    /// per visit, a couple of calls; a loop would otherwise churn the table (each call may store 20 packages) and the
    /// writer that saves them.
    /// </summary>
    public static readonly PerUserRateLimit KeyPackagePublishes = new(
        "key-packages", "RateLimits:KeyPackagePublishesPerMinute", 20, "Too many key package uploads; try again in a minute.");

    /// <summary>The name a route gives to <c>RequireRateLimiting</c>.</summary>
    public string Policy { get; } = policy;

    public RateLimitPartition<string> GetPartition(HttpContext http) =>
        RateLimitPartition.GetFixedWindowLimiter(
            http.User.Identity?.IsAuthenticated == true ? http.User.UserId().ToString() : "anonymous",
            _ => new FixedWindowRateLimiterOptions
            {
                PermitLimit = http.RequestServices.GetRequiredService<IConfiguration>().GetValue(limitSetting, defaultPerMinute),
                Window = TimeSpan.FromMinutes(1),
                QueueLimit = 0,
            });

    // A fixed window always knows when it reopens; a minute when the lease says nothing.
    public Func<OnRejectedContext, CancellationToken, ValueTask>? OnRejected { get; } =
        RateLimitRejection.Answer(refusal, TimeSpan.FromMinutes(1));
}

public static class PerUserRateLimits
{
    public static IServiceCollection AddPerUserRateLimits(this IServiceCollection services) =>
        services.AddRateLimiter(limits =>
        {
            foreach (var limit in new[] { PerUserRateLimit.Confirmations, PerUserRateLimit.KeyPackagePublishes })
                limits.AddPolicy(limit.Policy, limit);
        });
}
