using Microsoft.AspNetCore.SignalR;
using OpenChat.Chain.Api.Messaging;

namespace OpenChat.Chain.Api.Realtime;

/// <summary>
/// SignalR logs every exception a hub method throws as an Error with its stack trace, the expected ones too. A
/// <see cref="HubException"/> here is an answer with a stable code ("messaging.busy; retry-after=1",
/// "chat.not_found"), not a failure: under overload thousands a second were formatted and written as Errors. So the
/// dispatcher's own log is off (<see cref="HubFailuresSetup"/>), and this filter logs what is left, the unexpected.
/// </summary>
public sealed partial class HubFailures(ILogger<HubFailures> logger) : IHubFilter
{
    public async ValueTask<object?> InvokeMethodAsync(HubInvocationContext invocation, Func<HubInvocationContext, ValueTask<object?>> next)
    {
        try
        {
            return await next(invocation);
        }
        catch (Exception e) when (e is not HubException && !(e is OperationCanceledException && invocation.Context.ConnectionAborted.IsCancellationRequested))
        {
            LogFailed(logger, invocation.HubMethodName, e);
            throw;
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Hub method {HubMethod} failed")]
    static partial void LogFailed(ILogger logger, string hubMethod, Exception exception);
}

public static class HubFailuresSetup
{
    /// <summary>
    /// Call after <see cref="SendAdmissionSetup.AddSendAdmission"/>: registered after its filter, it wraps the hub
    /// method only, so a send refused before the method runs is not rethrown through one more frame.
    /// </summary>
    public static IServiceCollection AddHubFailureLog(this IServiceCollection services)
    {
        services.AddLogging(logging => logging.AddFilter("Microsoft.AspNetCore.SignalR.Internal.DefaultHubDispatcher", LogLevel.None));
        services.AddSingleton<HubFailures>();
        // Configure, not a second AddHubOptions: that would copy the global options over the hub's again, taking back
        // the parallel invocations AddSendAdmission set (the hub would read one invocation per connection at a time).
        services.Configure<HubOptions<ChatHub>>(o => o.AddFilter<HubFailures>());
        return services;
    }
}
