using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using OpenChat.Chain.Messaging.Chats;
using OpenChat.Chain.Messaging.Messages;

namespace OpenChat.Chain.Messaging.Sync;

/// <summary>
/// Everything that changed in the caller's chats after <see cref="After"/>, oldest first. A device that was
/// offline calls it with the last update id it saw until <c>HasMore</c> is false: no gaps, no duplicates.
/// </summary>
public sealed record GetUpdates(Guid UserId, long After, int Limit = 500) : IQuery<UpdatePage>;

public sealed record UpdatePage(IReadOnlyList<ChatUpdateView> Updates, long Cursor, bool HasMore);

public sealed class GetUpdatesValidator : AbstractValidator<GetUpdates>
{
    public GetUpdatesValidator()
    {
        RuleFor(g => g.After).GreaterThanOrEqualTo(0);
        RuleFor(g => g.Limit).InclusiveBetween(1, 1_000);
    }
}

public sealed class GetUpdatesHandler(MessagingDb db) : IQueryHandler<GetUpdates, UpdatePage>
{
    public async ValueTask<UpdatePage> Handle(GetUpdates query, CancellationToken ct)
    {
        var myChats = db.Members.Where(m => m.UserId == query.UserId && m.Status == MembershipStatus.Active).Select(m => m.ChatId);
        // A device also learns that it left or was removed, though it sees nothing else of that chat any more.
        var rows = await db.Updates.AsNoTracking()
            .Where(u => u.Id > query.After)
            .Where(u => myChats.Contains(u.ChatId) || (u.Kind == UpdateKind.MemberLeft && u.UserId == query.UserId))
            // Mute, pin and archive are the member's own business: the other members never learn of them.
            .Where(u => u.Kind != UpdateKind.SettingsChanged || u.UserId == query.UserId)
            .OrderBy(u => u.Id).Take(query.Limit + 1).ToListAsync(ct);
        var hasMore = rows.Count > query.Limit;
        if (hasMore) rows.RemoveAt(rows.Count - 1);

        var messageIds = rows.Where(u => u.MessageId is not null).Select(u => u.MessageId!.Value).Distinct().ToList();
        var messages = await db.Messages.AsNoTracking().Where(m => messageIds.Contains(m.Id)).ToDictionaryAsync(m => m.Id, ct);
        var reactions = (await db.Reactions.AsNoTracking().Where(r => messageIds.Contains(r.MessageId)).ToListAsync(ct)).ToLookup(r => r.MessageId);
        var memberKeys = rows.Where(u => u.UserId is not null).Select(u => u.ChatId).Distinct().ToList();
        var members = (await db.Members.AsNoTracking().Where(m => memberKeys.Contains(m.ChatId)).ToListAsync(ct))
            .ToDictionary(m => (m.ChatId, m.UserId));
        var chatIds = rows.Where(u => u.Kind == UpdateKind.ChatChanged && u.UserId is null).Select(u => u.ChatId).Distinct().ToList();
        var chats = await db.Chats.AsNoTracking().Where(c => chatIds.Contains(c.Id)).ToDictionaryAsync(c => c.Id, ct);
        var chatMembers = (await db.Members.AsNoTracking().Where(m => chatIds.Contains(m.ChatId)).ToListAsync(ct)).ToLookup(m => m.ChatId);

        // Each update carries the current state of what it names: a message edited twice since shows its latest text.
        var views = rows.Select(u => new ChatUpdateView(u.Id, u.ChatId, u.Kind.ToString(), u.At,
            Message: u.MessageId is { } mid && messages.TryGetValue(mid, out var m) ? m.ToView(reactions[mid]) : null,
            Member: u.Kind != UpdateKind.SettingsChanged && u.UserId is { } uid && members.TryGetValue((u.ChatId, uid), out var member) ? member.ToView() : null,
            Chat: chats.TryGetValue(u.ChatId, out var chat) && u.Kind == UpdateKind.ChatChanged && u.UserId is null
                ? ChatView.Of(chat, chatMembers[chat.Id], showInvite: false) : null,
            Settings: u.Kind == UpdateKind.SettingsChanged && members.TryGetValue((u.ChatId, query.UserId), out var mine)
                ? ChatSettingsView.Of(mine) : null)).ToList();
        return new UpdatePage(views, rows.Count > 0 ? rows[^1].Id : query.After, hasMore);
    }
}
