using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using OpenChat.Chain.Messaging.Chats;
using OpenChat.Chain.Messaging.Messages;

namespace OpenChat.Chain.Payments.Rewards;

/// <summary>
/// A person finished passkey sign-up: their welcome reward is owed, unless the anti-abuse limits (sign-ups rewarded from
/// the same IP address or device in the last 24 hours) refuse it, with the reason stored and shown. With an invite code
/// the inviter is recorded, and the invite reward waits for the invitee's first message. Sign-up never fails here.
/// </summary>
/// <param name="DeviceId">The web client's own device id (random, kept in the browser): a weak signal, the IP limit is the strong one.</param>
public sealed record GrantWelcome(Guid UserId, string? InviteCode, string? Ip, string? DeviceId) : ICommand<RewardsView>;

public sealed class GrantWelcomeHandler(PaymentsDb db, IOptions<RewardOptions> options, TimeProvider clock, IMediator mediator, PostMessage post)
    : ICommandHandler<GrantWelcome, RewardsView>
{
    public async ValueTask<RewardsView> Handle(GrantWelcome command, CancellationToken ct)
    {
        if (!await db.Rewards.AnyAsync(r => r.UserId == command.UserId && r.Kind == RewardKind.Welcome, ct))
        {
            var now = clock.GetUtcNow();
            var since = now.AddDays(-1);
            var limits = options.Value;
            var rewarded = db.Rewards.Where(r => r.Kind == RewardKind.Welcome && r.Status != RewardStatus.Refused && r.CreatedAt > since);
            string? refusal = null;
            if (command.Ip is { } ip && await rewarded.CountAsync(r => r.SignUpIp == ip, ct) >= limits.WelcomePerIpPerDay)
                refusal = $"not paid: {limits.WelcomePerIpPerDay} welcome rewards already went to sign-ups from your network today";
            else if (command.DeviceId is { } device && await rewarded.CountAsync(r => r.DeviceId == device, ct) >= limits.WelcomePerDevicePerDay)
                refusal = $"not paid: {limits.WelcomePerDevicePerDay} welcome reward{(limits.WelcomePerDevicePerDay == 1 ? "" : "s")} already went to a sign-up on this device today";
            db.Rewards.Add(new Reward(RewardKind.Welcome, command.UserId, null, command.Ip, command.DeviceId, now, refusal));

            var inviter = command.InviteCode is { } code
                ? await db.Invites.Where(i => i.Code == code).Select(i => (Guid?)i.InviterId).FirstOrDefaultAsync(ct) : null;
            // A farmed account earns its inviter nothing either: an invite reward needs a welcome the limits allowed.
            var invited = inviter is { } from && from != command.UserId;
            if (invited)
                db.Rewards.Add(new Reward(RewardKind.Invite, command.UserId, inviter, command.Ip, command.DeviceId, now,
                    refusal is null ? null : "not paid: the invited account's welcome was refused by the limits"));
            try
            {
                await db.SaveChangesAsync(ct);
            }
            catch (DbUpdateException)
            {
                db.ChangeTracker.Clear();
                // A concurrent call recorded it first (the unique index); anything else is a real failure.
                if (!await db.Rewards.AsNoTracking().AnyAsync(r => r.UserId == command.UserId && r.Kind == RewardKind.Welcome, ct)) throw;
                invited = false;
            }
            // As messengers do for a contact who joined: the inviter's chat is there at once, where the first message (the
            // invite reward's qualifying action) and the rewards' notices go.
            if (invited && (await mediator.Send(new CreateDirectChat(command.UserId, inviter!.Value), ct)).Value is { } chat)
                await post.Post(new PostMessage.Draft(chat.Id, command.UserId, Guid.CreateVersion7(), MessageKind.System,
                    "Joined with an invite: say hello! Your first message earns you both the invite reward.", [], null, null, null), ct);
        }
        return await mediator.Send(new GetRewards(command.UserId), ct);
    }
}
