using System.Security.Claims;
using Mediator;
using Microsoft.AspNetCore.Http.HttpResults;
using OpenChat.Chain.Api.Auth;
using OpenChat.Chain.Messaging.Chats;

namespace OpenChat.Chain.Api.Messaging;

public static class ChatEndpoints
{
    public static RouteGroupBuilder MapChatEndpoints(this IEndpointRouteBuilder app)
    {
        var chats = app.MapGroup("/api/chats").WithTags("Chats").RequireAuthorization();
        chats.MapGet("/", (ClaimsPrincipal user, IMediator m, CancellationToken ct) => m.Value(new ListChats(user.UserId()), ct))
            .WithSummary("List your chats");
        chats.MapPost("/direct", (CreateDirectChatBody body, ClaimsPrincipal user, IMediator m, CancellationToken ct) =>
                m.Ok(new CreateDirectChat(user.UserId(), body.UserId, body.Private), ct))
            .WithSummary("Open a direct chat with a user")
            .WithDescription("Answers the existing direct chat with that user if there is one. `private: true` opens the end-to-end encrypted " +
                "one instead (a separate chat; MLS ciphertext only).");
        chats.MapPost("/groups", (CreateGroupBody body, ClaimsPrincipal user, IMediator m, CancellationToken ct) =>
                m.Created(new CreateGroup(user.UserId(), body.Title, body.MemberIds ?? [], body.Private), chat => $"/api/chats/{chat.Id}", ct))
            .WithSummary("Create a group chat")
            .WithDescription("The caller becomes its owner; the listed users join as members. `private: true` makes it end-to-end encrypted " +
                $"(at most {Chat.MaxPrivateMembers} members, fixed at creation).");
        chats.MapGet("/{chatId:guid}", (Guid chatId, ClaimsPrincipal user, IMediator m, CancellationToken ct) =>
            m.Ok(new GetChat(user.UserId(), chatId), ct)).WithSummary("Get a chat you are a member of");
        chats.MapPost("/{chatId:guid}/members", (Guid chatId, InviteMembersBody body, ClaimsPrincipal user, IMediator m, CancellationToken ct) =>
            m.Ok(new InviteMembers(user.UserId(), chatId, body.UserIds ?? []), ct)).WithSummary("Add members to a group");
        // Removing yourself leaves the chat.
        chats.MapDelete("/{chatId:guid}/members/{memberId:guid}", (Guid chatId, Guid memberId, ClaimsPrincipal user, IMediator m, CancellationToken ct) =>
                memberId == user.UserId() ? m.NoContent(new LeaveChat(memberId, chatId), ct) : m.NoContent(new RemoveMember(user.UserId(), chatId, memberId), ct))
            .WithSummary("Remove a member from a group")
            .WithDescription("For a group's owner or admins; removing yourself leaves the chat.");
        chats.MapPut("/{chatId:guid}/members/{memberId:guid}/role", ChangeRole).WithSummary("Change a member's role in a group");
        chats.MapPost("/{chatId:guid}/leave", (Guid chatId, ClaimsPrincipal user, IMediator m, CancellationToken ct) =>
            m.NoContent(new LeaveChat(user.UserId(), chatId), ct)).WithSummary("Leave a chat");
        chats.MapPost("/{chatId:guid}/invite-link", (Guid chatId, ClaimsPrincipal user, IMediator m, CancellationToken ct) =>
            m.Ok(new CreateInviteLink(user.UserId(), chatId), ct)).WithSummary("Create an invite link to a group");
        chats.MapDelete("/{chatId:guid}/invite-link", (Guid chatId, ClaimsPrincipal user, IMediator m, CancellationToken ct) =>
                m.NoContent(new RevokeInviteLink(user.UserId(), chatId), ct))
            .WithSummary("Revoke a group's invite link")
            .WithDescription("For a group's owner or admins; joining by the old link then answers 404 chat.invite_not_found.");
        chats.MapPut("/{chatId:guid}/title", (Guid chatId, RenameGroupBody body, ClaimsPrincipal user, IMediator m, CancellationToken ct) =>
                m.Ok(new RenameGroup(user.UserId(), chatId, body.Title), ct))
            .WithSummary("Rename a group")
            .WithDescription("For a group's owner or admins; the members see the new title and a notice saying who changed it.");
        chats.MapPut("/{chatId:guid}/settings", (Guid chatId, ChatSettingsBody body, ClaimsPrincipal user, IMediator m, CancellationToken ct) =>
                m.Ok(new ChangeChatSettings(user.UserId(), chatId, body.Muted, body.Pinned, body.Archived), ct))
            .WithSummary("Mute, pin or archive a chat for yourself")
            .WithDescription($"Fields left out stay as they are. At most {ChatMember.MaxPinned} chats are pinned (`chat.pin_limit`); archiving " +
                "unpins, pinning unarchives. An archived chat comes back to the list when a newer message arrives, unless muted. " +
                "Your other devices receive a `SettingsChanged` update; the other members learn nothing.");
        app.MapPost("/api/invites/{code}/join", (string code, ClaimsPrincipal user, IMediator m, CancellationToken ct) =>
                m.Ok(new JoinByInvite(user.UserId(), code), ct))
            .WithTags("Chats").RequireAuthorization().WithSummary("Join a group by its invite link");
        return chats;
    }

    static async Task<Results<Ok<MemberView>, ProblemHttpResult>> ChangeRole(
        Guid chatId, Guid memberId, ChangeRoleBody body, ClaimsPrincipal user, IMediator mediator, CancellationToken ct) =>
        // Required: a body without it ({}) would otherwise mean the enum's first value.
        body.Role is not { } role ? Problems.Invalid("role", "Required: the new role.") : await mediator.Ok(new ChangeRole(user.UserId(), chatId, memberId, role), ct);
}

public sealed record CreateDirectChatBody(Guid UserId, bool Private = false);
public sealed record CreateGroupBody(string Title, IReadOnlyList<Guid>? MemberIds, bool Private = false);
public sealed record InviteMembersBody(IReadOnlyList<Guid>? UserIds);
public sealed record ChangeRoleBody(ChatRole? Role);
public sealed record RenameGroupBody(string Title);
public sealed record ChatSettingsBody(bool? Muted, bool? Pinned, bool? Archived);
