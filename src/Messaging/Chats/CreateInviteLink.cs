using System.Security.Cryptography;
using Mediator;
using Microsoft.EntityFrameworkCore;
using OpenChat.Chain.Kernel;
using OpenChat.Chain.Messaging.Sync;

namespace OpenChat.Chain.Messaging.Chats;

/// <summary>An owner or admin makes a new invite link for a group; the previous link stops working.</summary>
public sealed record CreateInviteLink(Guid UserId, Guid ChatId) : ICommand<Result<InviteLink>>;

public sealed record InviteLink(Guid ChatId, string Code);

public sealed class CreateInviteLinkHandler(MessagingDb db, UpdateLog log) : ICommandHandler<CreateInviteLink, Result<InviteLink>>
{
    public async ValueTask<Result<InviteLink>> Handle(CreateInviteLink command, CancellationToken ct)
    {
        var group = await db.GrowableGroup(command.ChatId, command.UserId, ct);
        if (group.Error is { } refused) return refused;
        var (chat, _) = group.Value;

        // 128 random bits: an invite code cannot be guessed.
        var code = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        chat.SetInviteCode(code);
        await log.Write(token => db.SaveChangesAsync(token), ct);
        return new InviteLink(chat.Id, code);
    }
}
