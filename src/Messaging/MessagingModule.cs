using FluentValidation;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using OpenChat.Chain.Messaging.Media;
using OpenChat.Chain.Messaging.Messages;
using OpenChat.Chain.Messaging.Search;
using OpenChat.Chain.Messaging.Sync;

namespace OpenChat.Chain.Messaging;

public static class MessagingModule
{
    /// <summary>Registers the Messaging context; the host chooses the database provider and wires the mediator.</summary>
    public static IServiceCollection AddMessaging(
        this IServiceCollection services, MessagingOptions options, Action<DbContextOptionsBuilder> database)
    {
        // Options built once: built per scope (EF Core's default) they cost more than a cached send's whole handler.
        services.AddDbContext<MessagingDb>(database, ServiceLifetime.Scoped, ServiceLifetime.Singleton);
        services.AddSingleton<Chats.MemberCache>();
        services.TryAddSingleton<Kernel.IInstanceSignals, Kernel.InProcessSignals>(); // one instance unless the host replaces it
        services.AddSingleton(options);
        services.AddSingleton<MediaStore>();
        services.AddScoped<IMessageSearch, SqliteMessageSearch>();
        services.AddScoped<IPostStore, SqlitePostStore>();
        services.AddSingleton<UpdateLog>();
        services.AddHostedService(sp => sp.GetRequiredService<UpdateLog>());
        services.AddScoped<PostMessage>();
        services.AddScoped<ChangeMessage>();
        // Singletons: the rules hold no state, and building them per request cost more than checking a message.
        services.AddValidatorsFromAssemblyContaining<MessagingDb>(ServiceLifetime.Singleton, includeInternalTypes: true);
        return services;
    }
}

/// <summary>Where media files live and how large one may be.</summary>
public sealed record MessagingOptions(string MediaDirectory, long MaxMediaBytes = 16 * 1024 * 1024);
