using Microsoft.AspNetCore.SignalR;
using OpenChat.Chain.Api.Realtime;
using OpenChat.Chain.Messaging.Sync;

namespace OpenChat.Chain.Api.Messaging;

/// <summary>
/// Whether a new message can still be stored and pushed in time. When the writer's oldest queued write has waited
/// longer than <see cref="MaxWait"/>, when committed updates pile up before the push loop, or when a hub send
/// waited that long behind its own connection's earlier sends, a message accepted now would only wait in a queue
/// (and make every message behind it wait): it is refused at once instead, before anything is stored, so the
/// sender's retry with the same client message id is safe. REST answers 503 with Retry-After, the hub a
/// <see cref="HubException"/> "messaging.busy; retry-after=1" (an error result; the connection stays open).
/// </summary>
public sealed class SendAdmission(UpdateLog log, IConfiguration configuration)
{
    /// <summary>Seconds a refused sender should wait before retrying (Retry-After over REST, the hint over the hub).</summary>
    public const int RetryAfterSeconds = 1;

    /// <summary>
    /// Hub invocations one connection may have running at once. SignalR's default of one leaves a connection's later
    /// sends unread in its socket while the first waits for its commit, where no refusal can see them (issue 19's
    /// overload: p99 21 s, nothing refused). Accepted sends wait at most about <see cref="MaxWait"/> plus a commit,
    /// so 32 keeps ~100 sends a second in flight per device, more than the per-user send limit allows.
    /// </summary>
    public const int ParallelInvocationsPerConnection = 32;

    /// <summary>The longest a send may wait before the writer takes it; beyond it the push p99 would pass a second.</summary>
    public TimeSpan MaxWait { get; } = TimeSpan.FromMilliseconds(configuration.GetValue("Messaging:MaxSendWaitMs", 200));

    /// <summary>Committed updates waiting for the push loop beyond which new messages are refused (they would be pushed late).</summary>
    /// <remarks>500 is ~100 ms of pushes at the 1:1 aim; 5,000 let the push p99 reach 10 s at 2× the rate on the shared machine (PROFILE.md).</remarks>
    public int MaxPushesWaiting { get; } = configuration.GetValue("Messaging:MaxPushesWaiting", 500);

    /// <summary>The hub's refusal: the stable code first (as every hub error), then the hint a client waits before retrying.</summary>
    public static HubException HubRefusal() => new($"{UpdateLog.Busy.Code}; retry-after={RetryAfterSeconds}");

    /// <summary>True when a message that has already waited <paramref name="waited"/> in this process can be taken now.</summary>
    public bool Admits(TimeSpan waited = default) =>
        waited <= MaxWait && log.OldestQueuedAge <= MaxWait && log.PushesWaiting <= MaxPushesWaiting;
}

/// <summary>
/// Refuses a hub <c>Send</c> before the hub method runs when <see cref="SendAdmission"/> already says no. Under
/// overload most sends are refused, and a refusal thrown from inside the method was unwound and rethrown through
/// every async frame between it and SignalR's catch: in a profile of a load the service refused entirely, exception
/// dispatch was 31 % of its CPU. Here the refusal is a faulted task, never thrown, that crosses two frames.
/// </summary>
public sealed class SendAdmissionFilter(SendAdmission admission) : IHubFilter
{
    public ValueTask<object?> InvokeMethodAsync(HubInvocationContext invocation, Func<HubInvocationContext, ValueTask<object?>> next) =>
        invocation.HubMethodName == nameof(ChatHub.Send) && !admission.Admits()
            ? ValueTask.FromException<object?>(SendAdmission.HubRefusal())
            : next(invocation);
}
