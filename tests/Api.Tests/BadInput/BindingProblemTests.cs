using System.Text;
using OpenChat.Chain.Api.Tests.Support;

namespace OpenChat.Chain.Api.Tests.BadInput;

/// <summary>What the framework cannot bind is a 4xx ProblemDetails naming the field, like a validation failure.</summary>
public sealed class BindingProblemTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("POST", "/messages", """{"clientMessageId":"abc","text":"hi"}""", 400, "request.malformed", "clientMessageId")]
    [InlineData("POST", "/messages", """{"clientMessageId":"7d5f3a50-0000-4000-8000-000000000009","text":12}""", 400, "request.malformed", "text")]
    [InlineData("POST", "/messages", """{"clientMessageId":"7d5f3a50-0000-4000-8000-00000000000a","text":"a\u0000b"}""", 400, "validation.failed", "text")]
    [InlineData("POST", "/messages", "null", 400, "request.malformed", "body")]
    [InlineData("POST", "/messages", "[]", 400, "request.malformed", "body")]
    [InlineData("POST", "/messages", "{", 400, "request.malformed", "body")]
    [InlineData("POST", "/receipts", """{"readUpTo":9223372036854775808}""", 400, "request.malformed", "readUpTo")]
    [InlineData("GET", "/messages?limit=99999999999", null, 400, "request.malformed", "limit")]
    [InlineData("GET", "/messages?before=abc", null, 400, "request.malformed", "before")]
    [InlineData("GET", "/messages?limit=0", null, 400, "validation.failed", "limit")]
    public async Task ChatRequest_TheFrameworkCannotBind_IsA400NamingTheField(
        string method, string path, string? json, int status, string code, string field)
    {
        var (alice, bob) = (await api.CreateUserAsync("alice"), await api.CreateUserAsync("bob"));
        var chat = await alice.DirectChatWith(bob);

        using var request = new HttpRequestMessage(new HttpMethod(method), $"/api/chats/{chat.Id}{path}")
        {
            Content = json is null ? null : new StringContent(json, Encoding.UTF8, "application/json"),
        };
        var problem = await ChatApi.Problem(await alice.Http.SendAsync(request, Ct));

        Assert.Equal((status, code), (problem.Status, problem.Code));
        Assert.True(problem.Body.GetProperty("errors").TryGetProperty(field, out _), $"no error for {field}: {problem.Body}");
        Assert.Empty(await alice.History(chat.Id));
    }

    [Theory]
    [InlineData("/api/sync?after=9223372036854775808", "after")]
    [InlineData("/api/sync?limit=abc", "limit")]
    [InlineData("/api/wallet/history?page=99999999999", "page")]
    public async Task QueryValue_ThatOverflowsOrDoesNotParse_IsA400NamingIt(string url, string field)
    {
        var alice = await api.CreateUserAsync("alice");

        var problem = await ChatApi.Problem(await alice.Http.GetAsync(url, Ct));

        Assert.Equal((400, "request.malformed"), (problem.Status, problem.Code));
        Assert.True(problem.Body.GetProperty("errors").TryGetProperty(field, out _), $"no error for {field}: {problem.Body}");
    }

    [Theory]
    [InlineData("%00")]
    [InlineData("\"")]
    [InlineData("NEAR(a b)")]
    [InlineData("*")]
    [InlineData("hel\"lo* OR (x")]
    public async Task Search_TreatsAnyQueryAsPlainWords(string query)
    {
        var (alice, bob) = (await api.CreateUserAsync("alice"), await api.CreateUserAsync("bob"));
        var chat = await alice.DirectChatWith(bob);
        await alice.Send(chat.Id, "hello there");

        var response = await alice.Http.GetAsync($"/api/search?q={(query == "%00" ? query : Uri.EscapeDataString(query))}", Ct);

        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task GroupTitle_WithANulCharacter_IsRefused_AndNoGroupIsMade()
    {
        var (alice, bob) = (await api.CreateUserAsync("alice"), await api.CreateUserAsync("bob"));

        var problem = await ChatApi.Problem(await alice.Http.PostAsync("/api/chats/groups",
            new StringContent($$"""{"title":"a\u0000b","memberIds":["{{bob.Id}}"]}""", Encoding.UTF8, "application/json"), Ct));

        Assert.Equal((400, "validation.failed"), (problem.Status, problem.Code));
        Assert.True(problem.Body.GetProperty("errors").TryGetProperty("title", out _), problem.Body.ToString());
        Assert.Empty(await ChatApi.Read<List<System.Text.Json.JsonElement>>(await alice.Http.GetAsync("/api/chats", Ct)));
    }
}
