using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenChat.Chain.Kernel;
using OpenChat.Chain.Messaging;
using OpenChat.Chain.Messaging.Chats;
using OpenChat.Chain.Messaging.Messages;
using OpenChat.Chain.Messaging.Realtime;
using OpenChat.Chain.Messaging.Search;
using OpenChat.Chain.Messaging.Sync;
using OpenChat.Chain.Messaging.Users;

namespace OpenChat.Chain.Api.Tests.Messaging;

/// <summary>
/// The Messaging context as one instance of the service would run it (its own service provider, writer and member
/// cache) over a database another instance may share: several of these on one database are several instances.
/// </summary>
public sealed class MessagingInstance : IAsyncDisposable
{
    readonly ServiceProvider _services;
    readonly WarningCount _warnings = new();

    MessagingInstance(MessagingOptions options, Action<DbContextOptionsBuilder> database, IInstanceSignals? signals)
    {
        var services = new ServiceCollection()
            .AddLogging(logging => logging.AddProvider(_warnings))
            .AddSingleton(TimeProvider.System)
            .AddSingleton<IChatEvents, NoDevices>();
        if (signals is not null) services.AddSingleton(signals); // shared by several instances: what Redis does for the service
        services.AddMessaging(options, database);
        _services = services.BuildServiceProvider();
    }

    public UpdateLog Log => _services.GetRequiredService<UpdateLog>();

    public MemberCache Members => _services.GetRequiredService<MemberCache>();

    /// <summary>Warnings the writer logged (a group that failed to commit and was retried message by message).</summary>
    public int WriterWarnings => _warnings.Count;

    /// <param name="signals">Notices between instances; each instance has its own (reaching only itself) when none is given.</param>
    public static async Task<MessagingInstance> Start(MessagingOptions options, Action<DbContextOptionsBuilder> database, IInstanceSignals? signals = null)
    {
        var instance = new MessagingInstance(options, database, signals);
        await instance.Log.StartAsync(CancellationToken.None);
        return instance;
    }

    public static MessagingOptions Sqlite(bool sharedWriters) =>
        new(Path.Combine(Path.GetTempPath(), "openchat-media-unused"), SharedWriters: sharedWriters);

    public static MessagingOptions Postgres => new(Path.Combine(Path.GetTempPath(), "openchat-media-unused"));

    /// <summary>Creates the tables (migrations on SQLite, the model on PostgreSQL until its migrations land) and the search index.</summary>
    public async Task CreateSchema(CancellationToken ct)
    {
        await using var scope = _services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<MessagingDb>();
        if (db.Database.IsSqlite())
        {
            await db.Database.MigrateAsync(ct);
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", ct);
        }
        else await db.Database.EnsureCreatedAsync(ct);
        await scope.ServiceProvider.GetRequiredService<IMessageSearch>().EnsureCreated(ct);
    }

    /// <summary>Runs <paramref name="use"/> with a handler or query of this instance, in a scope of its own.</summary>
    public async Task<T> In<THandler, T>(Func<THandler, Task<T>> use)
    {
        await using var scope = _services.CreateAsyncScope();
        return await use(ActivatorUtilities.CreateInstance<THandler>(scope.ServiceProvider));
    }

    public async Task<T> Db<T>(Func<MessagingDb, Task<T>> use)
    {
        await using var scope = _services.CreateAsyncScope();
        return await use(scope.ServiceProvider.GetRequiredService<MessagingDb>());
    }

    public async Task<Guid> CreateUser(string handle, int walletIndex, CancellationToken ct)
    {
        var user = new User(Guid.NewGuid(), handle, handle, walletIndex, null, DateTimeOffset.UtcNow);
        await Db(async db =>
        {
            db.Users.Add(user);
            return await Log.Write(token => db.SaveChangesAsync(token), ct);
        });
        return user.Id;
    }

    public async Task<Guid> CreateGroup(Guid owner, IReadOnlyList<Guid> members, CancellationToken ct) =>
        (await In<CreateGroupHandler, Result<ChatView>>(async h => await h.Handle(new CreateGroup(owner, "group", members), ct))).Value!.Id;

    public async Task<Guid> CreateDirect(Guid a, Guid b, CancellationToken ct) =>
        (await In<CreateDirectChatHandler, Result<ChatView>>(async h => await h.Handle(new CreateDirectChat(a, b), ct))).Value!.Id;

    public async Task<MessageView> Send(Guid chatId, Guid senderId, string text, CancellationToken ct) =>
        (await Log.Post(new PostMessage.Draft(chatId, senderId, Guid.NewGuid(), MessageKind.Text, text, [], null, null, null), waitForRoom: true, ct)).Value!;

    public async ValueTask DisposeAsync()
    {
        await Log.StopAsync(CancellationToken.None);
        await _services.DisposeAsync();
    }

    sealed class NoDevices : IChatEvents
    {
        public Task Publish(IReadOnlyCollection<Guid> userIds, ChatUpdateView update, CancellationToken ct) => Task.CompletedTask;
    }

    sealed class WarningCount : ILoggerProvider, ILogger
    {
        int _count;
        public int Count => _count;
        public ILogger CreateLogger(string categoryName) => categoryName == typeof(UpdateLog).FullName ? this : Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance;
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;
        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel)) Interlocked.Increment(ref _count);
        }
        public void Dispose() { }
    }
}
