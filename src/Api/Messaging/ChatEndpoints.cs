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
        chats.MapGet("/", ListChats).WithSummary("List your chats");
        chats.MapPost("/direct", CreateDirectChat)
            .WithSummary("Open a direct chat with a user")
            .WithDescription("Answers the existing direct chat with that user if there is one.");
        chats.MapPost("/groups", CreateGroup)
            .WithSummary("Create a group chat")
            .WithDescription("The caller becomes its owner; the listed users join as members.");
        chats.MapGet("/{chatId:guid}", GetChat).WithSummary("Get a chat you are a member of");
        chats.MapPost("/{chatId:guid}/members", InviteMembers).WithSummary("Add members to a group");
        chats.MapDelete("/{chatId:guid}/members/{memberId:guid}", RemoveMember)
            .WithSummary("Remove a member from a group")
            .WithDescription("For a group's owner or admins; removing yourself leaves the chat.");
        chats.MapPut("/{chatId:guid}/members/{memberId:guid}/role", ChangeRole).WithSummary("Change a member's role in a group");
        chats.MapPost("/{chatId:guid}/leave", LeaveChat).WithSummary("Leave a chat");
        chats.MapPost("/{chatId:guid}/invite-link", CreateInviteLink).WithSummary("Create an invite link to a group");
        app.MapPost("/api/invites/{code}/join", JoinByInvite).WithTags("Chats").RequireAuthorization()
            .WithSummary("Join a group by its invite link");
        return chats;
    }

    static async Task<Ok<IReadOnlyList<ChatSummary>>> ListChats(ClaimsPrincipal user, IMediator mediator, CancellationToken ct) =>
        TypedResults.Ok(await mediator.Send(new ListChats(user.UserId()), ct));

    static async Task<Results<Ok<ChatView>, ProblemHttpResult>> CreateDirectChat(
        CreateDirectChatBody body, ClaimsPrincipal user, IMediator mediator, CancellationToken ct) =>
        (await mediator.Send(new CreateDirectChat(user.UserId(), body.UserId), ct)).ToOkOrProblem();

    static async Task<Results<Created<ChatView>, ProblemHttpResult>> CreateGroup(
        CreateGroupBody body, ClaimsPrincipal user, IMediator mediator, CancellationToken ct)
    {
        var result = await mediator.Send(new CreateGroup(user.UserId(), body.Title, body.MemberIds ?? []), ct);
        if (result.Error is { } error) return error.ToProblem();
        return TypedResults.Created($"/api/chats/{result.Value!.Id}", result.Value);
    }

    static async Task<Results<Ok<ChatView>, ProblemHttpResult>> GetChat(
        Guid chatId, ClaimsPrincipal user, IMediator mediator, CancellationToken ct) =>
        (await mediator.Send(new GetChat(user.UserId(), chatId), ct)).ToOkOrProblem();

    static async Task<Results<Ok<ChatView>, ProblemHttpResult>> InviteMembers(
        Guid chatId, InviteMembersBody body, ClaimsPrincipal user, IMediator mediator, CancellationToken ct) =>
        (await mediator.Send(new InviteMembers(user.UserId(), chatId, body.UserIds ?? []), ct)).ToOkOrProblem();

    static async Task<Results<NoContent, ProblemHttpResult>> RemoveMember(
        Guid chatId, Guid memberId, ClaimsPrincipal user, IMediator mediator, CancellationToken ct)
    {
        var me = user.UserId();
        var result = memberId == me
            ? await mediator.Send(new LeaveChat(me, chatId), ct)
            : await mediator.Send(new RemoveMember(me, chatId, memberId), ct);
        return result.Error is { } error ? error.ToProblem() : TypedResults.NoContent();
    }

    static async Task<Results<Ok<MemberView>, ProblemHttpResult>> ChangeRole(
        Guid chatId, Guid memberId, ChangeRoleBody body, ClaimsPrincipal user, IMediator mediator, CancellationToken ct) =>
        // Required: a body without it ({}) would otherwise mean the enum's first value.
        body.Role is not { } role ? Problems.Invalid("role", "Required: the new role.")
            : (await mediator.Send(new ChangeRole(user.UserId(), chatId, memberId, role), ct)).ToOkOrProblem();

    static async Task<Results<NoContent, ProblemHttpResult>> LeaveChat(
        Guid chatId, ClaimsPrincipal user, IMediator mediator, CancellationToken ct)
    {
        var result = await mediator.Send(new LeaveChat(user.UserId(), chatId), ct);
        return result.Error is { } error ? error.ToProblem() : TypedResults.NoContent();
    }

    static async Task<Results<Ok<InviteLink>, ProblemHttpResult>> CreateInviteLink(
        Guid chatId, ClaimsPrincipal user, IMediator mediator, CancellationToken ct) =>
        (await mediator.Send(new CreateInviteLink(user.UserId(), chatId), ct)).ToOkOrProblem();

    static async Task<Results<Ok<ChatView>, ProblemHttpResult>> JoinByInvite(
        string code, ClaimsPrincipal user, IMediator mediator, CancellationToken ct) =>
        (await mediator.Send(new JoinByInvite(user.UserId(), code), ct)).ToOkOrProblem();
}

public sealed record CreateDirectChatBody(Guid UserId);
public sealed record CreateGroupBody(string Title, IReadOnlyList<Guid>? MemberIds);
public sealed record InviteMembersBody(IReadOnlyList<Guid>? UserIds);
public sealed record ChangeRoleBody(ChatRole? Role);
