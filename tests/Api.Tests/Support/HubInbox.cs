using System.Collections.Concurrent;
using Microsoft.AspNetCore.SignalR.Client;
using OpenChat.Chain.Api.Realtime;
using OpenChat.Chain.Messaging.Realtime;
using OpenChat.Chain.Messaging.Sync;

namespace OpenChat.Chain.Api.Tests.Support;

/// <summary>Collects what one connected device receives, and waits (with a deadline) for what a test expects.</summary>
public sealed class HubInbox : IAsyncDisposable
{
    readonly ConcurrentQueue<object> _received = new();
    readonly SemaphoreSlim _arrived = new(0);

    HubInbox(HubConnection connection)
    {
        Connection = connection;
        connection.On<ChatUpdateView>(nameof(IChatClient.Update), u => Add(u));
        connection.On<TypingView>(nameof(IChatClient.Typing), t => Add(t));
        connection.On<PresenceView>(nameof(IChatClient.Presence), p => Add(p));
        connection.On<OpenChat.Chain.Identity.DevicesChangedView>(nameof(IChatClient.DevicesChanged), d => Add(d));
    }

    public HubConnection Connection { get; }

    public IReadOnlyList<ChatUpdateView> Updates => _received.OfType<ChatUpdateView>().ToList();

    public IReadOnlyList<T> Received<T>() => _received.OfType<T>().ToList();

    public static async Task<HubInbox> ConnectAsync(TestUser user) => new(await user.ConnectAsync());

    void Add(object item)
    {
        _received.Enqueue(item);
        _arrived.Release();
    }

    /// <summary>
    /// What a device that comes back does: pages the hub's Sync from <paramref name="cursor"/> until nothing more is
    /// there, in pages of <paramref name="pageSize"/>; returns every update and the last cursor.
    /// </summary>
    public async Task<(List<ChatUpdateView> Updates, long Cursor)> CatchUpAsync(long cursor, int pageSize, CancellationToken ct)
    {
        var updates = new List<ChatUpdateView>();
        UpdatePage page;
        do
        {
            page = await Connection.InvokeAsync<UpdatePage>(nameof(ChatHub.Sync), cursor, pageSize, ct);
            updates.AddRange(page.Updates);
            cursor = page.Cursor;
        } while (page.HasMore);
        return (updates, cursor);
    }

    /// <summary>The first received item of type T matching the predicate, waiting up to five seconds.</summary>
    public async Task<T> WaitFor<T>(Func<T, bool> match, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(5));
        while (true)
        {
            if (_received.OfType<T>().FirstOrDefault(match) is { } found) return found;
            var left = deadline - DateTime.UtcNow;
            if (left <= TimeSpan.Zero || !await _arrived.WaitAsync(left))
                throw new TimeoutException($"No {typeof(T).Name} as expected; received: {string.Join(" | ", _received)}");
        }
    }

    /// <summary>
    /// Asserts nothing of type T matching has arrived before a later push this device must receive: the server writes
    /// to one connection in order, so once the marker that <paramref name="causeMarker"/> provokes is here, anything
    /// sent earlier is here too. No sleeping: a wrong push cannot hide behind a slow machine, and a right run never waits.
    /// </summary>
    public async Task ExpectNoneBefore<T>(Func<T, bool> match, Func<Task> causeMarker, Func<ChatUpdateView, bool> isMarker)
    {
        await causeMarker();
        await WaitFor(isMarker, TimeSpan.FromSeconds(30));
        Assert.DoesNotContain(_received.OfType<T>(), t => match(t));
    }

    public async ValueTask DisposeAsync() => await Connection.DisposeAsync();
}
