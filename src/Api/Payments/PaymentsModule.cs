using Microsoft.EntityFrameworkCore;

namespace OpenChat.Chain.Api.Payments;

public static class PaymentsModule
{
    /// <summary>Payments from chats: the link table, the confirmation ceremony, the flow and its reconciler.</summary>
    public static IServiceCollection AddPayments(this IServiceCollection services, Action<DbContextOptionsBuilder> database)
    {
        services.AddDbContext<PaymentsDb>(database);
        services.AddScoped<PaymentConfirmations>();
        services.AddScoped<PaymentSteps>();
        services.AddScoped<PaymentFlow>();
        services.AddHostedService<PaymentReconciler>();
        Custody.CustodyModule.AddCustody(services);
        return services;
    }
}
