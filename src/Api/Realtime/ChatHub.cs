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
public sealed class ChatHub(IMediator mediator, PresenceRegistry presence, SendRateLimit sendLimit) : Hub<IChatClient>
{
    public const string Path = "/hubs/chat";

    public override async Task OnConnectedAsync()
    {
        var me = Context.User!.UserId();
        if (await presence.Connected(me, Context.ConnectionId)) await TellContacts(me);
        await base.OnConnectedAsync();
    }

    public override async Task OnDisconnectedAsync(Exception? exception)
    {
        var me = Context.User!.UserId();
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

    /// <summary>POST /api/chats/{chatId}/messages over the open connection: the stored message (a retry gets the same one).</summary>
    public async Task<MessageView> Send(Guid chatId, SendMessageBody body)
    {
        var me = Context.User!.UserId();
        if (!sendLimit.TryTake(me)) throw new HubException(MessagingErrors.RateLimited.Code);
        return await Run(new SendMessage(chatId, me, body.ClientMessageId, body.Text, body.MediaIds, body.ReplyToId));
    }

    public Task<MessageView> Edit(Guid chatId, Guid messageId, string text) =>
        Run(new EditMessage(Context.User!.UserId(), chatId, messageId, text));

    public Task<MessageView> React(Guid chatId, Guid messageId, string emoji, bool remove = false) =>
        Run(new React(Context.User!.UserId(), chatId, messageId, emoji, remove));

    public Task<MemberView> Receipts(Guid chatId, long? deliveredUpTo, long? readUpTo) =>
        Run(new MarkReceipts(Context.User!.UserId(), chatId, deliveredUpTo, readUpTo));

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
        return result.Error is { } error ? throw new HubException(error.Code) : result.Value!;
    }

    public async Task<UpdatePage> Sync(long after, int limit = 500) =>
        await mediator.Send(new GetUpdates(Context.User!.UserId(), after, limit), Context.ConnectionAborted);

    async Task TellContacts(Guid userId)
    {
        var contacts = await mediator.Send(new GetContacts(userId));
        if (contacts.Count > 0) await Clients.Users(contacts.Select(id => id.ToString()).ToList()).Presence(await presence.Of(userId));
    }
}
