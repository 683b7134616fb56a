using System.Diagnostics;
using Mediator;
using OpenChat.Chain.Kernel;

namespace OpenChat.Chain.Api.Pipeline;

/// <summary>Logs each use case's name, outcome code and duration; never its content (message bodies, keys).</summary>
public sealed partial class LoggingBehavior<TMessage, TResponse>(ILogger<LoggingBehavior<TMessage, TResponse>> logger)
    : IPipelineBehavior<TMessage, TResponse>
    where TMessage : IMessage
{
    public async ValueTask<TResponse> Handle(TMessage message, MessageHandlerDelegate<TMessage, TResponse> next, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var response = await next(message, cancellationToken);
        var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        if (ErrorOf(response) is { } error) LogFailed(logger, typeof(TMessage).Name, error.Code, elapsed);
        else LogHandled(logger, typeof(TMessage).Name, elapsed);
        return response;
    }

    static Error? ErrorOf(TResponse response) => response switch
    {
        IHasError failed => failed.Error,
        _ => null,
    };

    [LoggerMessage(Level = LogLevel.Debug, Message = "{UseCase} handled in {ElapsedMs:F1} ms")]
    static partial void LogHandled(ILogger logger, string useCase, double elapsedMs);

    [LoggerMessage(Level = LogLevel.Information, Message = "{UseCase} refused with {ErrorCode} in {ElapsedMs:F1} ms")]
    static partial void LogFailed(ILogger logger, string useCase, string errorCode, double elapsedMs);
}
