using Mediator;
using Microsoft.AspNetCore.Http.HttpResults;
using OpenChat.Chain.Payments.Rewards;

namespace OpenChat.Chain.Api.Auth;

/// <summary>The passkey sign-up's part in the rewards: the welcome reward owed, and the invite it came with (Payments/Rewards).</summary>
static class SignUpRewards
{
    /// <summary>A malformed invite code or device id is refused before the ceremony completes, so nothing is stored.</summary>
    public static ProblemHttpResult? Check(PasskeyRegistrationBody body)
    {
        if (body.InviteCode is { } code && !CreateInviteHandler.IsWellFormed(code))
            return Problems.Invalid("inviteCode", "An invite code is up to 32 characters of a-z and 2-7, as the invite link has it");
        if (body.DeviceId is { } device && (device.Length is 0 or > 64 || !device.All(c => char.IsAsciiLetterOrDigit(c) || c == '-')))
            return Problems.Invalid("deviceId", "A device id is up to 64 letters, digits and dashes");
        return null;
    }

    public static async Task GrantAsync(IMediator mediator, Guid userId, PasskeyRegistrationBody body, HttpContext http, CancellationToken ct) =>
        await mediator.Send(new GrantWelcome(userId, body.InviteCode, http.Connection.RemoteIpAddress?.ToString(), body.DeviceId), ct);
}
