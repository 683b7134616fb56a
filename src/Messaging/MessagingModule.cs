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
        // The two database-specific halves of Messaging, chosen by the provider the host gave MessagingDb.
        services.AddScoped<IMessageSearch>(sp => sp.GetRequiredService<MessagingDb>() is var db && db.Database.IsSqlite()
            ? new SqliteMessageSearch(db) : new NoSearchYet());
        services.AddScoped<IPostStore>(sp => sp.GetRequiredService<MessagingDb>() is var db && db.Database.IsSqlite()
            ? new SqlitePostStore(db) : throw NoSearchYet.NotSupported("post store for the message writer"));
        services.AddSingleton<UpdateLog>();
        services.AddHostedService(sp => sp.GetRequiredService<UpdateLog>());
        services.AddScoped<PostMessage>();
        services.AddScoped<ChangeMessage>();
        // Singletons: the rules hold no state, and building them per request cost more than checking a message.
        services.AddValidatorsFromAssemblyContaining<MessagingDb>(ServiceLifetime.Singleton, includeInternalTypes: true);
        return services;
    }
}

/// <summary>
/// PostgreSQL has no message search nor post store yet (issue 15, part 2 brings them): the service starts and everything
/// but posting and searching messages works; those two fail with this clear error instead of a SQLite one.
/// </summary>
sealed class NoSearchYet : IMessageSearch
{
    public static NotSupportedException NotSupported(string what) =>
        new($"Messaging on PostgreSQL has no {what} yet (issue 15, part 2); run on Sqlite (Database:Provider) to post and search messages");

    public Task EnsureCreated(CancellationToken ct) => Task.CompletedTask;
    public Task Index(Message message, CancellationToken ct) => throw NotSupported("search index");
    public Task Index(IReadOnlyList<Message> messages, CancellationToken ct) => throw NotSupported("search index");
    public Task Remove(Guid messageId, CancellationToken ct) => throw NotSupported("search index");
    public Task<IReadOnlyList<Guid>> Find(IReadOnlyCollection<Guid> chatIds, string query, int limit, CancellationToken ct) =>
        throw NotSupported("search index");
}

/// <summary>Where media files live and how large one may be.</summary>
public sealed record MessagingOptions(string MediaDirectory, long MaxMediaBytes = 16 * 1024 * 1024);
