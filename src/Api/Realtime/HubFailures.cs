using Microsoft.AspNetCore.SignalR;
using OpenChat.Chain.Api.Messaging;

namespace OpenChat.Chain.Api.Realtime;

/// <summary>
/// SignalR logs every exception a hub method throws as an Error with its stack trace, the expected ones too. A
/// <see cref="HubException"/> here is an answer with a stable code ("messaging.busy; retry-after=1",
/// "chat.not_found"), not a failure: under overload thousands a second were formatted and written as Errors. So the
/// dispatcher's own log is off (<see cref="ChatHubSetup"/>), and this filter logs what is left, the unexpected.
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
