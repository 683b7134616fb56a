using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OpenChat.Chain.Wallet.Actions;
using OpenChat.Chain.Wallet.Chain;
using OpenChat.Chain.Wallet.Contracts;
using OpenChat.Chain.Wallet.Indexer;
using OpenChat.Chain.Wallet.Keys;
using OpenChat.Chain.Wallet.Sending;

namespace OpenChat.Chain.Wallet;

public static class WalletModule
{
    /// <summary>Registers the Wallet context; the host chooses the database provider.</summary>
    public static IServiceCollection AddWallet(
        this IServiceCollection services, IConfiguration configuration, WalletPaths paths, Action<DbContextOptionsBuilder> database)
    {
        services.Configure<ChainOptions>(configuration.GetSection(ChainOptions.Section));
        services.Configure<DeploymentSettings>(configuration.GetSection(DeploymentSettings.Section));
        services.Configure<WalletOptions>(configuration.GetSection(WalletOptions.Section));
        services.Configure<IndexerOptions>(configuration.GetSection(IndexerOptions.Section));
        services.Configure<LeaseOptions>(configuration.GetSection(LeaseOptions.Section));
        services.AddDbContext<WalletDb>(database);
        services.AddSingleton(paths);
        services.AddSingleton<ChainStatus>();
        services.AddSingleton<DutyLeases>();
        services.AddSingleton<DeployContracts>();
        services.AddHostedService<ChainBootstrapper>();
        services.AddSingleton<WalletKeys>();
        services.AddSingleton<NonceAllocator>();
        services.AddSingleton<Envelopes.EnvelopeRules>();
        services.AddChainActions();
        services.AddSingleton<IRawTransactionSender, NodeRawTransactionSender>();
        services.AddSingleton<RelayerFunding>();
        services.AddSingleton<ReorgFollower>();
        services.AddSingleton<ReceiptFollower>();
        services.AddSingleton<BatchSigner>();
        services.AddSingleton<RelaySender>();
        services.AddSingleton<Broadcaster>();
        services.AddHostedService(sp => sp.GetRequiredService<Broadcaster>());
        services.AddHostedService<ChainIndexer>();
        services.AddHostedService<Envelopes.FairEnvelopeKeeper>();
        return services;
    }

    /// <summary>
    /// One registration per on-chain action of the outbox; <see cref="ChainActions"/> finds them by kind. Governance
    /// registers its own (vote, propose, queue, execute) next to its use cases.
    /// </summary>
    static void AddChainActions(this IServiceCollection services)
    {
        IChainAction[] actions =
        [
            new TransferAction(TransferKind.Transfer), new TransferAction(TransferKind.Withdrawal), new TipAction(),
            new EnvelopeCreateAction(), new EnvelopeClaimAction(), new EnvelopeRefundAction(),
            new EnvelopeCloseAction(), new EnvelopeRevealAction(), new EnvelopeSettleAction(),
            new CircleRegisterAction(), new CirclePayAction(), new CirclePriceAction(), new CircleCloseAction(), new CircleSettleAction(),
            new DelegateAction(), new RewardWelcomeAction(), new RewardInviteAction(),
        ];
        foreach (var action in actions) services.AddSingleton(action);
        services.AddSingleton<ChainActions>();
        services.AddScoped<ActionOutbox>();
    }
}
