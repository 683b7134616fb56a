using FluentValidation;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OpenChat.Chain.Governance.Chat;
using OpenChat.Chain.Governance.Governor;
using OpenChat.Chain.Wallet.Actions;

namespace OpenChat.Chain.Governance;

public static class GovernanceModule
{
    /// <summary>Registers the Governance context; the host chooses the database provider and feeds the mirror.</summary>
    public static IServiceCollection AddGovernance(this IServiceCollection services, Action<DbContextOptionsBuilder> database)
    {
        services.AddDbContext<GovernanceDb>(database);
        services.AddValidatorsFromAssemblyContaining<GovernanceDb>(includeInternalTypes: true);
        // The governor's calls, relayed through Wallet's outbox like every other chain action.
        services.AddSingleton<IChainAction, ProposeAction>();
        services.AddSingleton<IChainAction, VoteAction>();
        services.AddSingleton<IChainAction, QueueAction>();
        services.AddSingleton<IChainAction, ExecuteAction>();
        // Proposals shown in the governance chat, through the host's IGovernanceChat; the keeper queues and executes.
        services.AddSingleton<GovernanceSpace>();
        services.AddHostedService<GovernanceMirror>();
        return services;
    }
}
