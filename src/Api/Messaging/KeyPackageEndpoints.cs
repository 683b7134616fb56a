using System.Security.Claims;
using Mediator;
using OpenChat.Chain.Api.Auth;
using OpenChat.Chain.Messaging.Keys;

namespace OpenChat.Chain.Api.Messaging;

/// <summary>Public MLS key material of each device for private chats (issue 18); private keys never reach the service.</summary>
public static class KeyPackageEndpoints
{
    public static RouteGroupBuilder MapKeyPackageEndpoints(this IEndpointRouteBuilder app)
    {
        var keys = app.MapGroup("/api/keys").WithTags("Keys").RequireAuthorization();
        keys.MapPost("/packages", (PublishKeyPackagesBody body, ClaimsPrincipal user, IMediator m, CancellationToken ct) =>
                m.Ok(new PublishKeyPackages(user.UserId(), body.DeviceId, body.KeyPackages ?? []), ct))
            .RequireRateLimiting(PerUserRateLimit.KeyPackagePublishes.Policy)
            .WithSummary("Publish this device's MLS key packages")
            .WithDescription($"Base64 MLS KeyPackages (at most 20 a call, {KeyPackage.MaxPerDevice} stored per device); an empty list answers " +
                "how many are stored. Rate-limited per user (429 with Retry-After).");
        keys.MapGet("/devices", (ClaimsPrincipal user, IMediator m, CancellationToken ct) => m.Value(new ListKeyDevices(user.UserId()), ct))
            .WithSummary("Your devices with key packages in stock")
            .WithDescription("Each device id and how many of its packages are stored; only your own devices.");
        keys.MapPost("/packages/claim", (ClaimKeyPackagesBody body, ClaimsPrincipal user, IMediator m, CancellationToken ct) =>
                m.Ok(new ClaimKeyPackages(user.UserId(), body.ChatId, body.UserIds ?? [], body.DeviceIds), ct))
            .WithSummary("Take one key package of each device of members of a private chat")
            .WithDescription("Each package is handed out once, to add that device to the chat's MLS group. deviceIds, when given, " +
                "limits the claim to those devices (to add one new device); without it every device of the users gives one.");
        return keys;
    }
}

public sealed record PublishKeyPackagesBody(Guid DeviceId, IReadOnlyList<string>? KeyPackages);
public sealed record ClaimKeyPackagesBody(Guid ChatId, IReadOnlyList<Guid>? UserIds, IReadOnlyList<Guid>? DeviceIds = null);
