using System.Threading.RateLimiting;
using OpenChat.Chain.Api.Auth;

namespace OpenChat.Chain.Api.Messaging;

/// <summary>
/// The per-user send budget, one token bucket per user shared by the REST routes (as the <c>send</c> rate-limit
/// policy) and the hub's send methods: switching transport gives no extra messages.
/// </summary>
public sealed class SendRateLimit : IDisposable
{
    readonly PartitionedRateLimiter<string> _buckets;

    public SendRateLimit(IConfiguration configuration)
    {
        // Per user: a burst of 60 messages, then 20 a second; enough for people, not for a spam loop.
        var options = new TokenBucketRateLimiterOptions
        {
            TokenLimit = configuration.GetValue("RateLimits:SendBurst", 60),
            TokensPerPeriod = configuration.GetValue("RateLimits:SendPerSecond", 20),
            ReplenishmentPeriod = TimeSpan.FromSeconds(1),
            QueueLimit = 0,
        };
        _buckets = PartitionedRateLimiter.Create<string, string>(key => RateLimitPartition.GetTokenBucketLimiter(key, _ => options));
    }

    /// <summary>Takes one send from the user's bucket; false when it is empty.</summary>
    public bool TryTake(Guid userId)
    {
        using var lease = _buckets.AttemptAcquire(userId.ToString());
        return lease.IsAcquired;
    }

    /// <summary>The rate-limiter middleware's partition for a request: the same bucket, never disposed by the middleware.</summary>
    public RateLimitPartition<string> PartitionFor(HttpContext http)
    {
        var key = http.User.Identity?.IsAuthenticated == true ? http.User.UserId().ToString() : "anonymous";
        return RateLimitPartition.Get(key, k => new SharedBucket(_buckets, k));
    }

    public void Dispose() => _buckets.Dispose();

    sealed class SharedBucket(PartitionedRateLimiter<string> buckets, string key) : RateLimiter
    {
        public override TimeSpan? IdleDuration => null;
        public override RateLimiterStatistics? GetStatistics() => buckets.GetStatistics(key);
        protected override RateLimitLease AttemptAcquireCore(int permitCount) => buckets.AttemptAcquire(key, permitCount);
        protected override ValueTask<RateLimitLease> AcquireAsyncCore(int permitCount, CancellationToken ct) => buckets.AcquireAsync(key, permitCount, ct);
    }
}
