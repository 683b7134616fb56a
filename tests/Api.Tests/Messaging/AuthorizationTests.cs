using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using OpenChat.Chain.Api.Realtime;
using OpenChat.Chain.Api.Tests.Support;

namespace OpenChat.Chain.Api.Tests.Messaging;

/// <summary>
/// Someone outside a chat can neither read, write, react, search nor learn that it exists: every endpoint
/// answers exactly as for a chat that does not exist.
/// </summary>
public sealed class AuthorizationTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static TheoryData<string, string> ChatEndpoints => new()
    {
        { "GET", "/api/chats/{chat}" },
        { "GET", "/api/chats/{chat}/messages" },
        { "POST", "/api/chats/{chat}/messages" },
        { "PATCH", "/api/chats/{chat}/messages/{message}" },
        { "DELETE", "/api/chats/{chat}/messages/{message}" },
        { "PUT", "/api/chats/{chat}/messages/{message}/reactions/👍" },
        { "DELETE", "/api/chats/{chat}/messages/{message}/reactions/👍" },
        { "POST", "/api/chats/{chat}/messages/{message}/forward" },
        { "POST", "/api/chats/{chat}/receipts" },
        { "POST", "/api/chats/{chat}/members" },
        { "DELETE", "/api/chats/{chat}/members/{member}" },
        { "PUT", "/api/chats/{chat}/members/{member}/role" },
        { "POST", "/api/chats/{chat}/leave" },
        { "POST", "/api/chats/{chat}/invite-link" },
        { "DELETE", "/api/chats/{chat}/invite-link" },
        { "PUT", "/api/chats/{chat}/title" },
        { "GET", "/api/chats/{chat}/messages/{message}/receipts" },
    };

    [Theory]
    [MemberData(nameof(ChatEndpoints))]
    public async Task Outsider_GetsTheSameNotFoundAsForAChatThatDoesNotExist(string method, string route)
    {
        var (alice, bob, mallory) = (await api.CreateUserAsync("alice"), await api.CreateUserAsync("bob"), await api.CreateUserAsync("mallory"));
        var group = await alice.CreateGroup("private", bob);
        var message = await alice.Send(group.Id, "secret plans");
        var malloryChat = await mallory.DirectChatWith(bob);

        var real = await Call(mallory, method, Fill(route, group.Id, message.Id, bob.Id), malloryChat.Id);
        var imaginary = await Call(mallory, method, Fill(route, Guid.NewGuid(), Guid.NewGuid(), bob.Id), malloryChat.Id);

        var (realProblem, imaginaryProblem) = (await ChatApi.Problem(real), await ChatApi.Problem(imaginary));
        Assert.Equal((404, "chat.not_found"), (realProblem.Status, realProblem.Code));
        Assert.Equal((imaginaryProblem.Status, imaginaryProblem.Code), (realProblem.Status, realProblem.Code));
        Assert.DoesNotContain("secret", realProblem.Body.GetRawText());
        Assert.Equal("secret plans", Assert.Single(await alice.History(group.Id)).Text);
        Assert.Empty((await alice.History(group.Id)).Single().Reactions);
    }

    [Fact]
    public async Task Outsider_OnTheHub_CannotTypeInto_OrMarkReceiptsOf_AChatTheyAreNotIn()
    {
        var (alice, bob, mallory) = (await api.CreateUserAsync("alice"), await api.CreateUserAsync("bob"), await api.CreateUserAsync("mallory"));
        var chat = await alice.DirectChatWith(bob);
        await using var bobDevice = await HubInbox.ConnectAsync(bob);
        await using var malloryDevice = await HubInbox.ConnectAsync(mallory);
        await alice.Send(chat.Id, "hi bob");

        var typing = await Assert.ThrowsAsync<HubException>(() => malloryDevice.Connection.InvokeAsync(nameof(ChatHub.Typing), chat.Id, Ct));
        var receipts = await Assert.ThrowsAsync<HubException>(() =>
            malloryDevice.Connection.InvokeAsync<object>(nameof(ChatHub.Receipts), chat.Id, 1L, 1L, Ct));
        var sync = await malloryDevice.Connection.InvokeAsync<OpenChat.Chain.Messaging.Sync.UpdatePage>(nameof(ChatHub.Sync), 0L, 500, Ct);

        Assert.Contains("chat.not_found", typing.Message);
        Assert.Contains("chat.not_found", receipts.Message);
        Assert.DoesNotContain(sync.Updates, u => u.ChatId == chat.Id);
        await bobDevice.ExpectNoneBefore<TypingView>(_ => true,
            () => alice.Send(chat.Id, "after mallory tried"), u => u.Message?.Text == "after mallory tried");
        Assert.DoesNotContain(malloryDevice.Updates, u => u.ChatId == chat.Id);
    }

    [Fact]
    public async Task Anonymous_GetsUnauthorized_OnEveryMessagingEndpoint_AndTheHub()
    {
        using var anonymous = api.CreateClient();
        string[] routes = ["/api/chats", "/api/sync", "/api/search?q=x", $"/api/chats/{Guid.NewGuid()}/messages"];

        foreach (var route in routes)
            Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync(route, Ct)).StatusCode);
        var negotiate = await anonymous.PostAsync("/hubs/chat/negotiate?negotiateVersion=1", null, Ct);
        Assert.Equal(HttpStatusCode.Unauthorized, negotiate.StatusCode);
    }

    static string Fill(string route, Guid chat, Guid message, Guid member) =>
        route.Replace("{chat}", chat.ToString()).Replace("{message}", message.ToString()).Replace("{member}", member.ToString());

    static Task<HttpResponseMessage> Call(TestUser user, string method, string route, Guid ownChat)
    {
        object? body = route switch
        {
            _ when route.EndsWith("/forward") => new { toChatId = ownChat, clientMessageId = Guid.NewGuid() },
            _ when route.EndsWith("/messages") && method == "POST" => new { clientMessageId = Guid.NewGuid(), text = "let me in" },
            _ when route.Contains("/messages/") && method == "PATCH" => new { text = "edited by mallory" },
            _ when route.EndsWith("/receipts") => new { deliveredUpTo = 1, readUpTo = 1 },
            _ when route.EndsWith("/members") => new { userIds = new[] { user.Id } },
            _ when route.EndsWith("/role") => new { role = "Admin" },
            _ when route.EndsWith("/title") => new { title = "mallory's now" },
            _ => null,
        };
        var request = new HttpRequestMessage(new HttpMethod(method), route);
        if (body is not null) request.Content = JsonContent.Create(body);
        return user.Http.SendAsync(request, Ct);
    }
}
