using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;
using OpenChat.Chain.Api.Auth;
using OpenChat.Chain.Messaging.Chats;
using OpenChat.Chain.Messaging.Receipts;
using OpenChat.Chain.Messaging.Sync;

namespace OpenChat.Chain.Api.Realtime;

/// <summary>
/// The realtime channel of signed-in devices. Pushes arrive addressed to users (all their devices); methods here
/// are thin: typing, receipts, catching up. A device that reconnects calls <see cref="Sync"/> with its cursor.
/// </summary>
[Authorize]
public sealed class ChatHub(IMediator mediator, PresenceRegistry presence) : Hub<IChatClient>
{
    public const string Path = "/hubs/chat";

    public override async Task OnConnectedAsync()
    {
        var me = Context.User!.UserId();
        if (presence.Connected(me)) await TellContacts(me);
        await base.OnConnectedAsync();
    }

    public override async Task OnDisconnectedAsync(Exception? exception)
    {
        var me = Context.User!.UserId();
        if (presence.Disconnected(me)) await TellContacts(me);
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

    public async Task<MemberView> Receipts(Guid chatId, long? deliveredUpTo, long? readUpTo)
    {
        var result = await mediator.Send(new MarkReceipts(Context.User!.UserId(), chatId, deliveredUpTo, readUpTo), Context.ConnectionAborted);
        return result.Value ?? throw new HubException(result.Error!.Code);
    }

    public async Task<UpdatePage> Sync(long after, int limit = 500) =>
        await mediator.Send(new GetUpdates(Context.User!.UserId(), after, limit), Context.ConnectionAborted);

    async Task TellContacts(Guid userId)
    {
        var contacts = await mediator.Send(new GetContacts(userId));
        if (contacts.Count > 0) await Clients.Users(contacts.Select(id => id.ToString()).ToList()).Presence(presence.Of(userId));
    }
}
