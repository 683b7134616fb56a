using System.Diagnostics;
using System.Threading.Channels;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OpenChat.Chain.Kernel;
using OpenChat.Chain.Messaging.Chats;
using OpenChat.Chain.Messaging.Messages;
using OpenChat.Chain.Messaging.Realtime;
using OpenChat.Chain.Messaging.Search;

namespace OpenChat.Chain.Messaging.Sync;

/// <summary>
/// The single writer of the Messaging context. Every write is queued here and run by one loop, so update-log
/// ids commit in order and SQLite never makes a writer sleep on a busy lock. New messages are committed in
/// groups: every post queued while the previous commit ran goes into the next transaction (messages, update
/// log, search index, each chat's last sequence). The pushes a commit produces are queued in update-id order and
/// sent by one loop, so a device receives updates in id order and may resume from the last id it saw.
/// <para>
/// Several instances may write one database. Each group commit takes a database-wide write lock inside its
/// transaction (SQLite: BEGIN IMMEDIATE; PostgreSQL: <c>pg_advisory_xact_lock</c>), reads the last update id and its
/// chats' last sequences under it (one query each), numbers the group in memory and commits, which releases the
/// lock (PostgreSQL numbers the group itself in the same statements, one round trip with the lock held only on the
/// server: <see cref="IPostStore.NumbersOnCommit"/>); every other write (<see cref="Write{T}(Func{CancellationToken, Task{T}}, CancellationToken)"/>) takes the
/// same lock for its transaction. So an update id is only ever visible after every smaller one: a device paging by
/// cursor, on any instance, sees no gap and no duplicate, at one lock round trip per group, not per message.
/// Why not a PostgreSQL sequence: values are drawn at insert but become visible at commit, so id 11 can commit
/// before id 10 and a cursor at 11 skips 10; making that safe needs the same lock. Why not per-user update
/// streams: a group message would be written once per member (a 100-member group a hundredfold), and every
/// device would need a cursor per stream. Alone on its database (the default) the writer trusts its own memory
/// for the numbers and reads only those it has never seen (<see cref="IPostStore.SharedWriters"/>).
/// </para>
/// </summary>
public sealed partial class UpdateLog(
    IServiceScopeFactory scopes, MemberCache members, TimeProvider clock, IChatEvents events, ILogger<UpdateLog> logger,
    UpdateLog.Limits? limits = null) : BackgroundService
{
    /// <summary>Queue length beyond which new messages are refused, and how many go into one commit.</summary>
    /// <remarks>Two thousand queued is well under a second of work: beyond that a sender waits longer than a refusal and a retry take.</remarks>
    public sealed record Limits(int QueuedWrites = 2_000, int BatchSize = 500, int RecentMessages = 100_000);

    readonly Limits _limits = limits ?? new Limits();
    readonly Channel<Work> _queue = Channel.CreateBounded<Work>(
        new BoundedChannelOptions((limits ?? new Limits()).QueuedWrites) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });
    readonly Channel<Push> _pushes = Channel.CreateUnbounded<Push>(new UnboundedChannelOptions { SingleReader = true });

    // Writer-loop state: touched by the loop only.
    readonly Dictionary<Guid, long> _sequences = [];
    long? _lastUpdateId;

    // The latest messages' (chat, client message id): a send that is not a retry is known to be new without a query.
    readonly RecentClientIds _recent = new((limits ?? new Limits()).RecentMessages);

    /// <summary>One update for the devices of the listed users.</summary>
    public sealed record Push(IReadOnlyCollection<Guid> To, ChatUpdateView Update);

    // Set while the writer runs a write: MessagingDb refuses to save anywhere else (the single-writer rule, issue 14).
    static readonly AsyncLocal<bool> Writing = new();

    /// <summary>True inside a write the writer runs (<see cref="Write{T}(Func{CancellationToken, Task{T}}, CancellationToken)"/>).</summary>
    public static bool IsWriting => Writing.Value;

    public static readonly Error Busy = new("messaging.busy", ErrorKind.Unavailable, "Too many messages are waiting to be stored; retry shortly.");

    /// <summary>Messages waiting for the writer (for overload answers and the bench).</summary>
    public int Queued => _queue.Reader.Count;

    /// <summary>How long the oldest write still in the queue has waited: what a write queued now waits, at least.</summary>
    public TimeSpan OldestQueuedAge => _queue.Reader.TryPeek(out var head) ? Stopwatch.GetElapsedTime(head.QueuedAt) : TimeSpan.Zero;

    /// <summary>Committed updates not yet handed to the devices' connections.</summary>
    public int PushesWaiting => Volatile.Read(ref _pushesWaiting);

    int _pushesWaiting; // a single-reader channel keeps no count

    // Set by a caller that keeps one connection's sends in order (the hub): told when its post has its place in the
    // queue, or was refused, so the connection's next send may go ahead while this one waits for its commit.
    static readonly AsyncLocal<TaskCompletionSource?> QueuedNotice = new();

    /// <summary>Completes <paramref name="queued"/> when a post made later in the current async flow is queued or refused.</summary>
    public static void NotifyWhenQueued(TaskCompletionSource queued) => QueuedNotice.Value = queued;

    /// <summary>
    /// The stored message, in its current state, of an earlier send with this client message id, if the writer still
    /// remembers committing it. Only a retry pays the query; a message the writer forgot is caught by the unique index
    /// (ChatId, ClientMessageId) when it commits.
    /// </summary>
    public async ValueTask<MessageView?> Recent(MessagingDb db, Guid chatId, Guid clientMessageId, CancellationToken ct) =>
        _recent.Contains(chatId, clientMessageId) ? await Stored(db, chatId, clientMessageId, ct) : null;

    static async Task<MessageView?> Stored(MessagingDb db, Guid chatId, Guid clientMessageId, CancellationToken ct)
    {
        var stored = await db.Messages.AsNoTracking().FirstOrDefaultAsync(m => m.ChatId == chatId && m.ClientMessageId == clientMessageId, ct);
        return stored?.ToView(await db.Reactions.AsNoTracking().Where(r => r.MessageId == stored.Id).ToListAsync(ct));
    }

    /// <summary>
    /// Queues a new message and answers with it once committed (or with the message stored earlier under the
    /// same client message id). A full queue refuses at once with <see cref="Busy"/>: nothing is accepted that
    /// cannot be stored soon.
    /// </summary>
    public async Task<Result<MessageView>> Post(PostMessage.Draft draft, bool waitForRoom, CancellationToken ct)
    {
        var work = new PostWork(draft);
        try
        {
            if (waitForRoom) await _queue.Writer.WriteAsync(work, ct);
            else if (!_queue.Writer.TryWrite(work)) return Busy;
        }
        finally
        {
            QueuedNotice.Value?.TrySetResult();
        }
        // Once queued it is committed even if the caller goes away: a retry then finds it by its client id.
        return await work.Done.Task.WaitAsync(ct);
    }

    /// <summary>Runs <paramref name="write"/> as the only writer; its pushes go out after it, in order.</summary>
    public async Task<T> Write<T>(Func<CancellationToken, Task<(T Result, IReadOnlyList<Push> Pushes)>> write, CancellationToken ct)
    {
        var work = new FuncWork<T>(write, ct) { Log = this };
        await _queue.Writer.WriteAsync(work, ct);
        return await work.Done.Task;
    }

    /// <summary>A write that pushes nothing (profiles, uploads, sign-ups), still one at a time.</summary>
    public Task<T> Write<T>(Func<CancellationToken, Task<T>> write, CancellationToken ct) =>
        Write(async token => (await write(token), (IReadOnlyList<Push>)[]), ct);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var sending = SendPushes(stoppingToken);
        var posts = new List<PostWork>(_limits.BatchSize);
        try
        {
            while (await _queue.Reader.WaitToReadAsync(stoppingToken))
            {
                while (posts.Count < _limits.BatchSize && _queue.Reader.TryRead(out var work))
                {
                    if (work is PostWork post)
                    {
                        posts.Add(post);
                        continue;
                    }
                    await CommitPosts(posts, stoppingToken);
                    posts.Clear();
                    await ((IRun)work).Run();
                    // Another kind of write may have added update-log rows: read the last id again before numbering.
                    _lastUpdateId = null;
                }
                await CommitPosts(posts, stoppingToken);
                posts.Clear();
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: what is still queued was never acknowledged.
        }
        finally
        {
            await CloseStore();
        }
        _pushes.Writer.TryComplete();
        await sending;
    }

    // The writer's own context and post store, kept for its lifetime: one open connection, statements prepared once.
    AsyncServiceScope? _scope;
    MessagingDb? _db;
    IPostStore? _store;

    (MessagingDb Db, IPostStore Store) Store()
    {
        if (_store is null)
        {
            _scope = scopes.CreateAsyncScope();
            _db = _scope.Value.ServiceProvider.GetRequiredService<MessagingDb>();
            _db.ChangeTracker.QueryTrackingBehavior = QueryTrackingBehavior.NoTracking;
            _store = _scope.Value.ServiceProvider.GetRequiredService<IPostStore>();
        }
        return (_db!, _store);
    }

    async Task CloseStore()
    {
        if (_store is not null) await _store.DisposeAsync();
        if (_scope is { } scope) await scope.DisposeAsync();
        (_store, _db, _scope) = (null, null, null);
    }

    async Task CommitPosts(List<PostWork> posts, CancellationToken ct)
    {
        if (posts.Count == 0) return;
        try
        {
            await CommitGroup(posts, ct);
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            // Start again from a fresh connection and from the database's numbers (rows written by another process).
            await CloseStore();
            _sequences.Clear();
            _lastUpdateId = null;
            if (posts.Count == 1)
            {
                try
                {
                    await CommitGroup(posts, ct);
                }
                catch (Exception again) when (again is not OperationCanceledException || !ct.IsCancellationRequested)
                {
                    await CloseStore();
                    _sequences.Clear();
                    _lastUpdateId = null;
                    await FailOrFindStored(posts[0], again, ct);
                }
                return;
            }
            // One bad message (say a client id reused after the writer forgot it) must not fail its neighbours.
            LogGroupRetried(logger, posts.Count, e);
            foreach (var post in posts) await CommitPosts([post], ct);
        }
    }

    async Task CommitGroup(List<PostWork> posts, CancellationToken ct)
    {
        var (db, store) = Store();
        var now = clock.GetUtcNow();
        var works = new List<PostWork>(posts.Count);
        var inGroup = new Dictionary<(Guid, Guid), PostWork>();
        var shared = store.SharedWriters;
        List<PostWork>? retried = null;
        foreach (var post in posts)
        {
            var d = post.Draft;
            // A hit is a message this writer committed: it is stored, so it is not stored again, and it is read once the
            // group is committed (its current state: it may have been edited since, here or through another instance).
            // A miss may have been stored by another writer, or long ago: the unique index (ChatId, ClientMessageId)
            // refuses the insert, and the message, retried alone, is answered from the database (FailOrFindStored).
            if (_recent.Contains(d.ChatId, d.ClientMessageId))
            {
                (retried ??= []).Add(post);
                continue;
            }
            if (inGroup.TryGetValue((d.ChatId, d.ClientMessageId), out var twin))
            {
                twin.Twins.Add(post);
                continue;
            }
            inGroup[(d.ChatId, d.ClientMessageId)] = post;
            works.Add(post);
        }
        if (works.Count > 0) await Number(works, db, store, shared, now, ct);
        foreach (var post in retried ?? [])
            if (await Stored(db, post.Draft.ChatId, post.Draft.ClientMessageId, ct) is { } stored) post.Complete(stored);
            else post.Fail(new InvalidOperationException($"Message {post.Draft.ClientMessageId} was committed but is not stored"));
    }

    async Task Number(List<PostWork> works, MessagingDb db, IPostStore store, bool shared, DateTimeOffset now, CancellationToken ct)
    {
        if (store.NumbersOnCommit)
        {
            // The database numbers the group in its one round trip; nothing about numbers is kept here.
            var messages = works.Select(w => NewMessage(w.Draft, sequence: 0, now)).ToList();
            var numbers = await store.Commit(messages, ct);
            var posted = new List<(Message, ChatUpdate, MessageView)>(messages.Count);
            for (var i = 0; i < messages.Count; i++)
                posted.Add((messages[i], new ChatUpdate(messages[i].ChatId, UpdateKind.MessagePosted, now, messages[i].Id).Numbered(numbers[i].UpdateId),
                    messages[i].ToView([]) with { Sequence = numbers[i].Sequence }));
            await Committed(works, posted, db, ct);
            return;
        }

        // The group's transaction holds the database-wide write lock from here to its commit. Alone on the database,
        // the writer's memory is the truth and only numbers it has never seen are read; with other writers, every
        // group reads the last update id and its chats' last sequences again (one query each) under the lock.
        var chats = works.Select(w => w.Draft.ChatId).Distinct().Where(c => shared || !_sequences.ContainsKey(c)).ToList();
        var (readUpdateId, readSequences) = await store.Begin(shared || _lastUpdateId is null, chats, ct);
        var lastUpdateId = readUpdateId ?? _lastUpdateId!.Value;
        var stored = new List<(Message Message, ChatUpdate Update)>(works.Count);
        var numbered = new Dictionary<Guid, long>();
        foreach (var post in works)
        {
            var d = post.Draft;
            if (!numbered.TryGetValue(d.ChatId, out var sequence))
                sequence = readSequences.TryGetValue(d.ChatId, out var read) ? read
                    : !shared && _sequences.TryGetValue(d.ChatId, out var known) ? known
                    : throw new InvalidOperationException($"Chat {d.ChatId} does not exist");
            numbered[d.ChatId] = ++sequence;
            var message = NewMessage(d, sequence, now);
            var update = new ChatUpdate(d.ChatId, UpdateKind.MessagePosted, now, message.Id).Numbered(++lastUpdateId);
            stored.Add((message, update));
        }

        await store.Append(stored, numbered, ct);
        // Committed: only now does the writer's memory move on.
        _lastUpdateId = shared ? null : lastUpdateId;
        if (!shared) foreach (var (chatId, last) in numbered) _sequences[chatId] = last;

        await Committed(works, stored.Select(p => (p.Message, p.Update, p.Message.ToView([]))).ToList(), db, ct);
    }

    static Message NewMessage(PostMessage.Draft d, long sequence, DateTimeOffset now)
    {
        var message = new Message(d.ChatId, sequence, d.SenderId, d.ClientMessageId, d.Kind, d.Text, now, d.ReplyToId, d.ForwardedFromId, d.Payload);
        message.Attach(d.MediaIds);
        return message;
    }

    /// <summary>A committed group: remembered, queued for its pushes in update-id order, and answered.</summary>
    async Task Committed(List<PostWork> works, List<(Message Message, ChatUpdate Update, MessageView View)> posted, MessagingDb db, CancellationToken ct)
    {
        for (var i = 0; i < posted.Count; i++)
        {
            var (message, update, view) = posted[i];
            _recent.Add(message.ChatId, message.ClientMessageId);
            Enqueue(new Push(await members.ActiveIds(db, message.ChatId, ct), ChatUpdateView.ForMessage(update, view)));
            works[i].Complete(view);
        }
    }

    /// <summary>A message that failed alone: a send racing an older one with its client id gets the stored one.</summary>
    async Task FailOrFindStored(PostWork post, Exception error, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<MessagingDb>();
        if (await Stored(db, post.Draft.ChatId, post.Draft.ClientMessageId, ct) is { } view) post.Complete(view);
        else post.Fail(error);
    }

    async Task SendPushes(CancellationToken stoppingToken)
    {
        try
        {
            while (await _pushes.Reader.WaitToReadAsync(stoppingToken))
            {
                while (_pushes.Reader.TryRead(out var push))
                {
                    Interlocked.Decrement(ref _pushesWaiting);
                    try
                    {
                        await events.Publish(push.To, push.Update, stoppingToken);
                    }
                    catch (Exception e) when (e is not OperationCanceledException)
                    {
                        // The update is committed: a device that missed this push gets it from /api/sync.
                        LogPushFailed(logger, push.Update.Id, e);
                    }
                }
                // Everything committed so far is handed over: what the events hold for other instances goes now, together.
                try
                {
                    await events.Flush(stoppingToken);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    LogFlushFailed(logger, e);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }
    }

    void Enqueue(Push push)
    {
        Interlocked.Increment(ref _pushesWaiting);
        _pushes.Writer.TryWrite(push);
    }

    abstract class Work
    {
        public long QueuedAt { get; } = Stopwatch.GetTimestamp();
    }

    interface IRun
    {
        Task Run();
    }

    sealed class PostWork(PostMessage.Draft draft) : Work
    {
        public PostMessage.Draft Draft { get; } = draft;
        public TaskCompletionSource<Result<MessageView>> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public List<PostWork> Twins { get; } = [];

        public void Complete(MessageView view)
        {
            Done.TrySetResult(view);
            foreach (var twin in Twins) twin.Done.TrySetResult(view);
        }

        public void Fail(Exception error)
        {
            Done.TrySetException(error);
            foreach (var twin in Twins) twin.Done.TrySetException(error);
        }
    }

    sealed class FuncWork<T>(Func<CancellationToken, Task<(T Result, IReadOnlyList<Push> Pushes)>> write, CancellationToken ct) : Work, IRun
    {
        public TaskCompletionSource<T> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public UpdateLog? Log { get; init; }

        public async Task Run()
        {
            Writing.Value = true; // flows into the write's continuations; the loop's own context is restored after the await
            try
            {
                var (result, pushes) = await write(ct);
                foreach (var push in pushes) Log!.Enqueue(push);
                Done.TrySetResult(result);
            }
            catch (Exception e)
            {
                Done.TrySetException(e);
            }
            finally
            {
                Writing.Value = false;
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Push of update {UpdateId} failed; devices will catch up by sync")]
    static partial void LogPushFailed(ILogger logger, long updateId, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Pushes held for other instances could not be sent; their devices will catch up by sync")]
    static partial void LogFlushFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A group of {Count} messages failed to commit; committing them one by one")]
    static partial void LogGroupRetried(ILogger logger, int count, Exception exception);
}
