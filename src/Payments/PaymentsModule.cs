using FluentValidation;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OpenChat.Chain.Payments.Circles;
using OpenChat.Chain.Payments.Custody;
using OpenChat.Chain.Payments.Envelopes;
using OpenChat.Chain.Payments.Flow;
using OpenChat.Chain.Payments.Tips;
using OpenChat.Chain.Payments.Transfers;

namespace OpenChat.Chain.Payments;

public static class PaymentsModule
{
    /// <summary>
    /// Money in chat and the owner's confirmations: the link table, the checks before any ceremony, the flow, its
    /// reconciler and the circle keeper. The host supplies <see cref="IOwnerProof"/> (passkeys and EIP-712 live in Auth).
    /// </summary>
    public static IServiceCollection AddPayments(this IServiceCollection services, Action<DbContextOptionsBuilder> database)
    {
        services.AddDbContext<PaymentsDb>(database);
        services.AddValidatorsFromAssemblyContaining<PaymentsDb>(includeInternalTypes: true);
        services.AddSingleton<Recipients>();
        services.AddSingleton<AddressBook.AccountAddresses>();
        services.AddScoped<CheckTerms>();
        services.AddScoped<ConfirmAction>();
        services.AddScoped<PayerAccounts>();
        services.AddSingleton<AccountIndexes>();
        services.AddScoped<PaymentMessages>();
        services.AddScoped<PaymentSteps>();
        services.AddScoped<PaymentFlow>();
        // Every kind of payment, by role (see IPaymentKind): what differs between them lives in these files.
        services.AddScoped<IPaymentKind, ChatTransfer>();
        services.AddScoped<IPaymentKind, Tip>();
        services.AddScoped<IPaymentKind, EnvelopeDrop>();
        services.AddScoped<IPaymentKind, EnvelopeClaim>();
        services.AddScoped<IPaymentKind, EnvelopeRefund>();
        services.AddScoped<IPaymentKind, CircleRegister>();
        services.AddScoped<IPaymentKind, CirclePay>();
        services.AddScoped<IPaymentKind, CirclePrice>();
        services.AddScoped<IPaymentKind, CircleClose>();
        services.AddScoped<IPaymentKind, CircleSettle>();
        services.AddHostedService<PaymentReconciler>();
        services.AddHostedService<CircleKeeper>();
        // Welcome and invite rewards (issue 16): the service's limits, and the keeper that pays them through the outbox.
        services.AddOptions<Rewards.RewardOptions>().BindConfiguration(Rewards.RewardOptions.Section);
        services.AddSingleton<Rewards.RewardKeeper>();
        services.AddHostedService(sp => sp.GetRequiredService<Rewards.RewardKeeper>());
        return services;
    }
}
