using FluentValidation;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace OpenChat.Chain.Messaging;

public static class MessagingModule
{
    /// <summary>Registers the Messaging context; the host chooses the database provider and wires the mediator.</summary>
    public static IServiceCollection AddMessaging(this IServiceCollection services, Action<DbContextOptionsBuilder> database)
    {
        services.AddDbContext<MessagingDb>(database);
        services.AddValidatorsFromAssemblyContaining<MessagingDb>(includeInternalTypes: true);
        return services;
    }
}
