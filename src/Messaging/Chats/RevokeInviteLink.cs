using Mediator;
using Microsoft.EntityFrameworkCore;
using OpenChat.Chain.Kernel;
using OpenChat.Chain.Messaging.Sync;

namespace OpenChat.Chain.Messaging.Chats;

/// <summary>An owner or admin turns a group's invite link off: whoever opens it afterwards is told it is not valid any more.</summary>
public sealed record RevokeInviteLink(Guid UserId, Guid ChatId) : ICommand<Result<bool>>;

public sealed class RevokeInviteLinkHandler(MessagingDb db, UpdateLog log) : ICommandHandler<RevokeInviteLink, Result<bool>>
{
    public async ValueTask<Result<bool>> Handle(RevokeInviteLink command, CancellationToken ct)
    {
        var group = await db.ManagedGroup(command.ChatId, command.UserId, ct);
        if (group.Error is { } refused) return refused;
        var (chat, _) = group.Value;
        if (chat.InviteCode is null) return true;

        chat.SetInviteCode(null);
        await log.Write(token => db.SaveChangesAsync(token), ct);
        return true;
    }
}
