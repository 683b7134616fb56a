using FluentValidation;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace OpenChat.Chain.Governance;

public static class GovernanceModule
{
    /// <summary>Registers the Governance context; the host chooses the database provider and feeds the mirror.</summary>
    public static IServiceCollection AddGovernance(this IServiceCollection services, Action<DbContextOptionsBuilder> database)
    {
        services.AddDbContext<GovernanceDb>(database);
        services.AddValidatorsFromAssemblyContaining<GovernanceDb>(includeInternalTypes: true);
        return services;
    }
}
