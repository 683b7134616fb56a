using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;

namespace OpenChat.Chain.Api;

/// <summary>
/// The answer every rate-limit policy gives when it refuses: 429, Retry-After (RFC 9110 §10.2.3) and a ProblemDetails
/// with the stable code "rate.limited". Each policy has its own OnRejected, so it answers 429 whatever the global one does.
/// </summary>
public static class RateLimitRejection
{
    /// <param name="detail">What the caller did too often, in words.</param>
    /// <param name="retryAfterIfUnknown">Retry-After when the lease carries none; null leaves the header out.</param>
    public static Func<OnRejectedContext, CancellationToken, ValueTask> Answer(string detail, TimeSpan? retryAfterIfUnknown = null) =>
        async (rejected, _) =>
        {
            var http = rejected.HttpContext;
            http.Response.StatusCode = StatusCodes.Status429TooManyRequests;
            if ((rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? after : retryAfterIfUnknown) is { } retryAfter)
                http.Response.Headers.RetryAfter = ((int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
            await http.RequestServices.GetRequiredService<IProblemDetailsService>().TryWriteAsync(new ProblemDetailsContext
            {
                HttpContext = http,
                ProblemDetails =
                {
                    Status = StatusCodes.Status429TooManyRequests,
                    Title = "rate.limited",
                    Detail = detail,
                    Extensions = { ["code"] = "rate.limited" },
                },
            });
        };
}
