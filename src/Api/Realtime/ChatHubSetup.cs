using Microsoft.AspNetCore.SignalR;
using OpenChat.Chain.Api.Messaging;

namespace OpenChat.Chain.Api.Realtime;

public static class ChatHubSetup
{
    /// <summary>
    /// The chat hub's own options, all in one call. One AddHubOptions, not two and not a Configure beside it: each
    /// AddHubOptions first copies the global options over the hub's, so a second one would take back the parallel
    /// invocations set here (the hub would read one invocation per connection at a time).
    /// </summary>
    public static IServiceCollection AddChatHubPipeline(this IServiceCollection services)
    {
        services.AddSingleton<SendAdmission>();
        services.AddSingleton<SendAdmissionFilter>();
        services.AddSingleton<HubFailures>();
        // HubFailures logs what SignalR's dispatcher logged, minus the expected HubExceptions.
        services.AddLogging(logging => logging.AddFilter("Microsoft.AspNetCore.SignalR.Internal.DefaultHubDispatcher", LogLevel.None));
        services.AddSignalR().AddHubOptions<ChatHub>(o =>
        {
            o.MaximumParallelInvocationsPerClient = SendAdmission.ParallelInvocationsPerConnection;
            // The first filter added is the outermost. Admission first: a refused send never reaches the hub method,
            // nor crosses HubFailures' frame. HubFailures second, so it wraps the hub method only.
            o.AddFilter<SendAdmissionFilter>();
            o.AddFilter<HubFailures>();
        });
        return services;
    }
}
