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
        // Pooled: options built once and contexts reused, since building a context per request (its services, the
        // options check) was about 6 % of an instance's CPU on the hub send path.
        // The writers' lock for saves on PostgreSQL (it does nothing on SQLite, whose transactions are the lock already);
        // membership changes saved in a caller's transaction reach the member cache when it ends.
        services.AddDbContextPool<MessagingDb>(db => database(db.AddInterceptors(PostgresWriteLock.Instance, Chats.MembershipTransactions.Instance)));
        services.AddSingleton<Chats.MemberCache>();
        services.AddSingleton<Chats.PrivateChats>();
        services.TryAddSingleton<Kernel.IInstanceSignals, Kernel.InProcessSignals>(); // one instance unless the host replaces it
        services.AddSingleton<Realtime.LocalConnections>();
        services.TryAddSingleton<Realtime.PresenceRegistry, Realtime.LocalPresence>(); // one instance unless the host replaces it
        services.AddSingleton(options);
        services.AddSingleton<MediaStore>();
        // The two database-specific halves of Messaging, chosen by the provider the host gave MessagingDb.
        services.AddScoped<IMessageSearch>(sp => sp.GetRequiredService<MessagingDb>() is var db && db.Database.IsSqlite()
            ? new SqliteMessageSearch(db) : new PostgresMessageSearch(db));
        services.AddScoped<IPostStore>(sp => sp.GetRequiredService<MessagingDb>() is var db && db.Database.IsSqlite()
            ? new SqlitePostStore(db, options) : new PostgresPostStore(db));
        services.AddSingleton<UpdateLog>();
        services.AddHostedService(sp => sp.GetRequiredService<UpdateLog>());
        services.AddScoped<PostMessage>();
        services.AddScoped<Chats.GroupNotice>();
        services.AddScoped<ChangeMessage>();
        // Singletons: the rules hold no state, and building them per request cost more than checking a message.
        services.AddValidatorsFromAssemblyContaining<MessagingDb>(ServiceLifetime.Singleton, includeInternalTypes: true);
        return services;
    }
}

/// <summary>Where media files live and how large one may be; whether other instances write the same SQLite file.</summary>
/// <param name="SharedWriters">
/// Other processes write the same SQLite file (several instances on one machine; host setting <c>Messaging:SharedWriters</c>):
/// the writer then reads its numbers again under the lock for every group. Always so on PostgreSQL. Off by default:
/// alone, the writer's memory is right and the reads are saved (measured here: about 1 µs of CPU per chat in a group,
/// so 0.2 µs a message in a 500-message group over 100 chats, up to a few µs a message when every message is in its own chat).
/// </param>
public sealed record MessagingOptions(
    string MediaDirectory, long MaxMediaBytes = 16 * 1024 * 1024, bool SharedWriters = false);
