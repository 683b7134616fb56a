using System.Security.Claims;
using Mediator;
using Microsoft.AspNetCore.Http.HttpResults;
using OpenChat.Chain.Api.Auth;
using OpenChat.Chain.Messaging.Chats;
using OpenChat.Chain.Messaging.Messages;
using OpenChat.Chain.Messaging.Receipts;
using OpenChat.Chain.Messaging.Sync;

namespace OpenChat.Chain.Api.Messaging;

public static class MessageEndpoints
{
    public const string SendPolicy = "send";

    public static RouteGroupBuilder MapMessageEndpoints(this IEndpointRouteBuilder app)
    {
        var messages = app.MapGroup("/api/chats/{chatId:guid}").WithTags("Messages").RequireAuthorization();
        messages.MapGet("/messages", (Guid chatId, long? before, int? limit, ClaimsPrincipal user, IMediator m, CancellationToken ct) =>
                m.Ok(new ListMessages(user.UserId(), chatId, before, limit ?? 50), ct))
            .WithSummary("List a chat's messages")
            .WithDescription("Newest first, a page of `limit` (default 50) before the sequence number `before`.");
        messages.MapPost("/messages", SendMessage).RequireRateLimiting(SendPolicy)
            .WithSummary("Send a message")
            .WithDescription("Text and/or uploaded media, optionally a reply. clientMessageId makes a retry safe: the same id answers with the " +
                "message already stored. A private chat takes only `ciphertext` (base64 MLS, kind Encrypted; with `handshake` an MLS " +
                "Welcome or Commit, kind Handshake) and refuses text (400 `message.plaintext_in_private_chat`).");
        messages.MapPatch("/messages/{messageId:guid}", (Guid chatId, Guid messageId, EditMessageBody body, ClaimsPrincipal user, IMediator m,
            CancellationToken ct) => m.Ok(new EditMessage(user.UserId(), chatId, messageId, body.Text, body.Ciphertext), ct)).WithSummary("Edit your message's text")
            .WithDescription("In a private chat, `ciphertext` (a new MLS application message, base64) replaces the old one and `text` stays empty.");
        messages.MapDelete("/messages/{messageId:guid}", (Guid chatId, Guid messageId, ClaimsPrincipal user, IMediator m, CancellationToken ct) =>
                m.Ok(new DeleteMessage(user.UserId(), chatId, messageId), ct))
            .WithSummary("Delete a message for everyone")
            .WithDescription("By its sender, or by a group's owner or admin.");
        messages.MapPut("/messages/{messageId:guid}/reactions/{emoji}", (Guid chatId, Guid messageId, string emoji, ClaimsPrincipal user, IMediator m,
            CancellationToken ct) => m.Ok(new React(user.UserId(), chatId, messageId, emoji), ct)).WithSummary("React to a message with an emoji");
        messages.MapDelete("/messages/{messageId:guid}/reactions/{emoji}", (Guid chatId, Guid messageId, string emoji, ClaimsPrincipal user,
                IMediator m, CancellationToken ct) => m.Ok(new React(user.UserId(), chatId, messageId, emoji, Remove: true), ct))
            .WithSummary("Remove your reaction from a message");
        messages.MapPost("/messages/{messageId:guid}/forward", (Guid chatId, Guid messageId, ForwardMessageBody body, ClaimsPrincipal user,
                IMediator m, CancellationToken ct) => m.Ok(new ForwardMessage(user.UserId(), chatId, messageId, body.ToChatId, body.ClientMessageId), ct))
            .RequireRateLimiting(SendPolicy).WithSummary("Forward a message to another chat");
        messages.MapGet("/messages/{messageId:guid}/receipts", (Guid chatId, Guid messageId, ClaimsPrincipal user, IMediator m, CancellationToken ct) =>
                m.Ok(new GetMessageReceipts(user.UserId(), chatId, messageId), ct))
            .WithSummary("Who has received and read a message")
            .WithDescription("The message's info: each other member of the chat, whether and when their devices received it and they read it.");
        messages.MapPost("/receipts", (Guid chatId, ReceiptsBody body, ClaimsPrincipal user, IMediator m, CancellationToken ct) =>
                m.Ok(new MarkReceipts(user.UserId(), chatId, body.DeliveredUpTo, body.ReadUpTo), ct))
            .WithSummary("Mark messages as delivered or read")
            .WithDescription("How far this device has received and you have read, by sequence number; the marks only move forward and the other " +
                "members see them.");
        return messages;
    }

    static async Task<Results<Created<MessageView>, ProblemHttpResult>> SendMessage(
        Guid chatId, SendMessageBody body, ClaimsPrincipal user, IMediator mediator, SendAdmission admission, HttpResponse response,
        CancellationToken ct)
    {
        var result = admission.Admits() ? await mediator.Send(new SendMessage(chatId, user.UserId(), body.ClientMessageId, body.Text, body.MediaIds,
            body.ReplyToId, body.Ciphertext, body.Handshake), ct) : UpdateLog.Busy;
        // The writer is behind or its queue is full: refused before anything was stored, so the retry is safe and soon useful.
        if (result.Error == UpdateLog.Busy) response.Headers.RetryAfter = SendAdmission.RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (result.Error is { } error) return error.ToProblem();
        return TypedResults.Created($"/api/chats/{chatId}/messages/{result.Value!.Id}", result.Value);
    }
}

public sealed record SendMessageBody(Guid ClientMessageId, string? Text, IReadOnlyList<string>? MediaIds = null, Guid? ReplyToId = null,
    string? Ciphertext = null, bool Handshake = false);
public sealed record EditMessageBody(string? Text, string? Ciphertext = null);
public sealed record ForwardMessageBody(Guid ToChatId, Guid ClientMessageId);
public sealed record ReceiptsBody(long? DeliveredUpTo, long? ReadUpTo);
