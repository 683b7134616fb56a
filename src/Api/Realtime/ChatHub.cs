using System.Diagnostics;
using FluentValidation;
using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;
using OpenChat.Chain.Api.Auth;
using OpenChat.Chain.Api.Messaging;
using OpenChat.Chain.Kernel;
using OpenChat.Chain.Messaging;
using OpenChat.Chain.Messaging.Messages;
using OpenChat.Chain.Messaging.Chats;
using OpenChat.Chain.Messaging.Realtime;
using OpenChat.Chain.Messaging.Receipts;
using OpenChat.Chain.Messaging.Sync;

namespace OpenChat.Chain.Api.Realtime;

/// <summary>
/// The realtime channel of signed-in devices. Pushes arrive addressed to users (all their devices); methods here
/// are thin: sending, editing, reacting, typing, receipts, catching up. A device that reconnects calls
/// <see cref="Sync"/> with its cursor. Sends here are the REST routes' use cases with the same validation,
/// membership checks, rate limit and idempotency, answered with the stored message; an expected failure is a
/// <see cref="HubException"/> whose message is the error's stable code.
/// </summary>
[Authorize]
public sealed class ChatHub(IMediator mediator, PresenceRegistry presence, LocalConnections local, SendRateLimit sendLimit, SendAdmission admission)
    : Hub<IChatClient>
{
    public const string Path = "/hubs/chat";

    public override async Task OnConnectedAsync()
    {
        var me = Context.User!.UserId();
        local.Add(me, Context.ConnectionId);
        if (await presence.Connected(me, Context.ConnectionId)) await TellContacts(me);
        await base.OnConnectedAsync();
    }

    public override async Task OnDisconnectedAsync(Exception? exception)
    {
        var me = Context.User!.UserId();
        local.Remove(me, Context.ConnectionId);
        if (await presence.Disconnected(me, Context.ConnectionId)) await TellContacts(me);
        await base.OnDisconnectedAsync(exception);
    }

    /// <summary>Tells the chat's other members, never stored; refused silently for a chat the caller is not in.</summary>
    public async Task Typing(Guid chatId)
    {
        var me = Context.User!.UserId();
        var members = await mediator.Send(new GetMemberIds(me, chatId), Context.ConnectionAborted);
        if (members.Value is not { } ids) throw new HubException("chat.not_found");
        await Clients.Users(ids.Where(id => id != me).Select(id => id.ToString()).ToList()).Typing(new TypingView(chatId, me));
    }

    /// <summary>
    /// POST /api/chats/{chatId}/messages over the open connection: the stored message (a retry gets the same one), or
    /// "messaging.busy; retry-after=1" at once when it would not be stored and pushed in time (<see cref="SendAdmission"/>).
    /// </summary>
    public async Task<MessageView> Send(Guid chatId, SendMessageBody body)
    {
        var arrived = Stopwatch.GetTimestamp();
        var me = Context.User!.UserId();
        if (!sendLimit.TryTake(me)) throw new HubException(MessagingErrors.RateLimited.Code);
        using var turn = await ConnectionTurns.Of(Context).Take(Context.ConnectionAborted);
        // Waited too long behind this connection's earlier sends, or the writer is behind: refused before anything is stored.
        if (!admission.Admits(Stopwatch.GetElapsedTime(arrived))) throw SendAdmission.HubRefusal();
        var queued = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        UpdateLog.NotifyWhenQueued(queued);
        var sent = Run(new SendMessage(chatId, me, body.ClientMessageId, body.Text, body.MediaIds, body.ReplyToId, body.Ciphertext, body.Handshake));
        // Once the message has its place in the writer's queue (or was answered without one), the next send may queue behind it.
        await Task.WhenAny(queued.Task, sent);
        turn.Dispose();
        return await sent;
    }

    public Task<MessageView> Edit(Guid chatId, Guid messageId, string text) =>
        InTurn(new EditMessage(Context.User!.UserId(), chatId, messageId, text));

    public Task<MessageView> React(Guid chatId, Guid messageId, string emoji, bool remove = false) =>
        InTurn(new React(Context.User!.UserId(), chatId, messageId, emoji, remove));

    public Task<MemberView> Receipts(Guid chatId, long? deliveredUpTo, long? readUpTo) =>
        InTurn(new MarkReceipts(Context.User!.UserId(), chatId, deliveredUpTo, readUpTo));

    async Task<T> InTurn<T>(ICommand<Result<T>> command)
    {
        using var turn = await ConnectionTurns.Of(Context).Take(Context.ConnectionAborted);
        return await Run(command);
    }

    async Task<T> Run<T>(ICommand<Result<T>> command)
    {
        Result<T> result;
        try
        {
            result = await mediator.Send(command, Context.ConnectionAborted);
        }
        catch (ValidationException invalid)
        {
            // The same fields a 400 would name, and no more: the message goes to the caller only.
            throw new HubException($"validation.failed: {string.Join(", ", invalid.Errors.Select(e => e.PropertyName).Distinct())}");
        }
        if (result.Error == UpdateLog.Busy) throw SendAdmission.HubRefusal();
        return result.Error is { } error ? throw new HubException(error.Code) : result.Value!;
    }

    public async Task<UpdatePage> Sync(long after, int limit = 500) =>
        await mediator.Send(new GetUpdates(Context.User!.UserId(), after, limit), Context.ConnectionAborted);

    /// <summary>
    /// Which of the caller's contacts are online now. Contacts hear a device's user come online; the device asks this once
    /// connected, so both sides of a chat see the same (pushes alone would show it the others offline until they reconnect).
    /// </summary>
    public async Task<IReadOnlyList<PresenceView>> OnlineContacts()
    {
        var online = new List<PresenceView>();
        foreach (var contact in await mediator.Send(new GetContacts(Context.User!.UserId()), Context.ConnectionAborted))
            if (await presence.Of(contact) is { Online: true } view) online.Add(view);
        return online;
    }

    async Task TellContacts(Guid userId)
    {
        var contacts = await mediator.Send(new GetContacts(userId));
        if (contacts.Count > 0) await Clients.Users(contacts.Select(id => id.ToString()).ToList()).Presence(await presence.Of(userId));
    }
}
