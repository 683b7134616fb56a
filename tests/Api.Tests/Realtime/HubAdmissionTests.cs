using System.Net.Http.Json;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenChat.Chain.Api.Messaging;
using OpenChat.Chain.Api.Realtime;
using OpenChat.Chain.Api.Tests.Support;
using OpenChat.Chain.Messaging.Messages;
using OpenChat.Chain.Messaging.Sync;

namespace OpenChat.Chain.Api.Tests.Realtime;

/// <summary>
/// A hub send the writer cannot take in time is refused at once with a stable code and a retry hint, over a connection
/// that stays open; once the writer drains, the same connection's sends are accepted again and nothing acknowledged is lost.
/// </summary>
public sealed class HubAdmissionTests
{
    static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact(Timeout = 120_000)]
    public async Task Send_WhileTheWriterIsHeldAndItsQueueFull_IsRefusedWithARetryHint_ThenAcceptedOnceItDrains()
    {
        TestContext.Current.CancellationToken.ThrowIfCancellationRequested();
        // A writer queue of two: the third message waiting would be refused. No bound on the wait here (a loaded
        // machine must not turn this into the other refusal): only the full queue refuses.
        await using var api = new ApiFactory
        {
            TestServices = s => s.AddSingleton(new UpdateLog.Limits(QueuedWrites: 2)),
            Settings = new Dictionary<string, string> { ["Messaging:MaxSendWaitMs"] = "600000" },
        };
        var (alice, bob) = (await api.CreateUserAsync("alice"), await api.CreateUserAsync("bob"));
        var chat = await alice.DirectChatWith(bob);
        await using var aliceDevice = await HubInbox.ConnectAsync(alice);
        await using var bobDevice = await HubInbox.ConnectAsync(bob);
        var log = api.Services.GetRequiredService<UpdateLog>();

        // Hold the writer inside a write of its own, and know it is held (not still queued, taking a place).
        await using var writer = await HeldWriter.HoldAsync(log);

        // Two sends on one connection fill the queue; they stay unanswered while the writer is held. Before this
        // change the connection ran one invocation at a time, so the third would not even have been read.
        Task<MessageView> SendOverHub(string text) => aliceDevice.Connection.InvokeAsync<MessageView>(
            nameof(ChatHub.Send), chat.Id, new SendMessageBody(Guid.NewGuid(), text), Ct);
        var first = SendOverHub("first");
        var second = SendOverHub("second");
        while (log.Queued < 2 && !first.IsCompleted && !second.IsCompleted) await Task.Delay(5, Ct);
        var refused = await Assert.ThrowsAsync<HubException>(() => SendOverHub("third"));

        Assert.Contains("messaging.busy; retry-after=1", refused.Message);
        Assert.False(first.IsCompleted || second.IsCompleted);
        Assert.Equal(HubConnectionState.Connected, aliceDevice.Connection.State);

        // The writer drains: both waiting sends are acknowledged, in the order sent, and a new one is accepted.
        await writer.ReleaseAsync();
        var (one, two) = (await first, await second);
        var fourth = await SendOverHub("fourth");

        Assert.True(one.Sequence < two.Sequence && two.Sequence < fourth.Sequence);
        Assert.Equal(["fourth", "second", "first"], (await alice.History(chat.Id)).Select(m => m.Text));
        foreach (var acked in new[] { one, two, fourth })
            await bobDevice.WaitFor<ChatUpdateView>(u => u.Kind == "MessagePosted" && u.Message!.Id == acked.Id);
    }

    [Fact(Timeout = 120_000)]
    public async Task Send_WhenTheWritersOldestQueuedWriteWaitedTooLong_IsRefusedOverRestAndHub()
    {
        TestContext.Current.CancellationToken.ThrowIfCancellationRequested();
        await using var api = new ApiFactory { Settings = new Dictionary<string, string> { ["Messaging:MaxSendWaitMs"] = "100" } };
        var (alice, bob) = (await api.CreateUserAsync("alice"), await api.CreateUserAsync("bob"));
        var chat = await alice.DirectChatWith(bob);
        await using var aliceDevice = await HubInbox.ConnectAsync(alice);
        var log = api.Services.GetRequiredService<UpdateLog>();
        await using var writer = await HeldWriter.HoldAsync(log);
        // A write queued behind the held one, until it has waited longer than the bound: the queue is not full, only late.
        var queued = log.Write(_ => Task.FromResult(0), Ct);
        while (log.OldestQueuedAge <= TimeSpan.FromMilliseconds(100)) await Task.Delay(10, Ct);

        var overHub = await Assert.ThrowsAsync<HubException>(() => aliceDevice.Connection.InvokeAsync<MessageView>(
            nameof(ChatHub.Send), chat.Id, new SendMessageBody(Guid.NewGuid(), "late"), Ct));
        using var overRest = await alice.Http.PostAsJsonAsync($"/api/chats/{chat.Id}/messages", new SendMessageBody(Guid.NewGuid(), "late"), Ct);

        Assert.Contains("messaging.busy; retry-after=1", overHub.Message);
        // An answer with a stable code, not a failure: SignalR logged each refusal as an Error with its stack trace.
        Assert.DoesNotContain(api.Logs.Entries, e => e.Level >= LogLevel.Error && e.Message.Contains("'Send'", StringComparison.Ordinal));
        Assert.Equal(System.Net.HttpStatusCode.ServiceUnavailable, overRest.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(SendAdmission.RetryAfterSeconds), overRest.Headers.RetryAfter?.Delta);
        Assert.Contains("messaging.busy", await overRest.Content.ReadAsStringAsync(Ct));

        await writer.ReleaseAsync();
        await queued;
        Assert.Empty(await alice.History(chat.Id));
        // Drained, the same connection is served again. Not necessarily the very next send: with a 100 ms bound, a
        // loaded machine can keep a send queued that long and refuse it rightly, so the client retries as told.
        Assert.Equal("now", (await SendUntilAcceptedAsync(aliceDevice.Connection, chat.Id, "now")).Text);
    }

    /// <summary>Sends as a client honouring the refusal would: the same message again after a busy answer.</summary>
    static async Task<MessageView> SendUntilAcceptedAsync(HubConnection connection, Guid chatId, string text)
    {
        var body = new SendMessageBody(Guid.NewGuid(), text);
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            try
            {
                return await connection.InvokeAsync<MessageView>(nameof(ChatHub.Send), chatId, body, Ct);
            }
            catch (HubException e) when (e.Message.Contains("messaging.busy", StringComparison.Ordinal) && DateTime.UtcNow < deadline)
            {
                await Task.Delay(50, Ct);
            }
        }
    }

    /// <summary>
    /// The writer held inside a write of its own, once it runs (not still queued, taking a place). Released when the
    /// test says so, and at the latest on dispose: a failing assertion must not leave it held, or the host could not stop.
    /// </summary>
    sealed class HeldWriter : IAsyncDisposable
    {
        readonly TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);
        Task _holding = Task.CompletedTask;

        public static async Task<HeldWriter> HoldAsync(UpdateLog log)
        {
            var writer = new HeldWriter();
            var held = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            writer._holding = log.Write(async _ =>
            {
                held.SetResult();
                await writer._release.Task;
                return 0;
            }, TestContext.Current.CancellationToken);
            await held.Task;
            return writer;
        }

        /// <summary>Lets the writer go and waits until its held write has finished.</summary>
        public async Task ReleaseAsync()
        {
            _release.TrySetResult();
            await _holding;
        }

        public async ValueTask DisposeAsync() => await ReleaseAsync();
    }
}
