using System.Net.Http.Json;
using System.Text.Json;
using OpenChat.Chain.Api.Tests.Support;

namespace OpenChat.Chain.Api.Tests.Messaging;

/// <summary>Bad input gets a 400 ProblemDetails naming the field, and nothing is stored.</summary>
public sealed class BadInputTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static TheoryData<string, string, string> Cases => new()
    {
        { "/messages", """{"clientMessageId":"7d5f3a50-0000-4000-8000-000000000001","text":""}""", "text" },
        { "/messages", $$"""{"clientMessageId":"7d5f3a50-0000-4000-8000-000000000002","text":"{{new string('x', 4_001)}}"}""", "text" },
        { "/messages", """{"clientMessageId":"00000000-0000-0000-0000-000000000000","text":"hi"}""", "clientMessageId" },
        { "/messages", """{"clientMessageId":"7d5f3a50-0000-4000-8000-000000000003","text":"hi","mediaIds":["not-a-hash"]}""", "mediaIds[0]" },
        { "/receipts", """{}""", "deliveredUpTo" },
        { "/receipts", """{"readUpTo":-5}""", "readUpTo" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task ChatRequest_WithBadField_Returns400NamingIt_AndStoresNothing(string path, string json, string field)
    {
        var (alice, bob) = (await api.CreateUserAsync("alice"), await api.CreateUserAsync("bob"));
        var chat = await alice.DirectChatWith(bob);
        var cursor = (await bob.Sync(0)).Cursor;

        var response = await alice.Http.PostAsync($"/api/chats/{chat.Id}{path}",
            new StringContent(json, System.Text.Encoding.UTF8, "application/json"), Ct);

        var problem = await ChatApi.Problem(response);
        Assert.Equal((400, "validation.failed"), (problem.Status, problem.Code));
        Assert.True(problem.Body.GetProperty("errors").TryGetProperty(field, out _), $"no error for {field}: {problem.Body}");
        Assert.DoesNotContain("Exception", problem.Body.GetRawText());
        Assert.Empty((await bob.Sync(cursor)).Updates);
        Assert.Empty(await alice.History(chat.Id));
    }

    [Fact]
    public async Task Group_WithoutTitle_OrReactionWithLetters_OrPageOfZero_Returns400()
    {
        var (alice, bob) = (await api.CreateUserAsync("alice"), await api.CreateUserAsync("bob"));
        var chat = await alice.DirectChatWith(bob);
        var message = await alice.Send(chat.Id, "react to me");

        var noTitle = await alice.Http.PostAsJsonAsync("/api/chats/groups", new { title = "", memberIds = new[] { bob.Id } }, Ct);
        var wordy = await bob.Http.PutAsync($"/api/chats/{chat.Id}/messages/{message.Id}/reactions/hello", null, Ct);
        var zeroPage = await bob.Http.GetAsync($"/api/chats/{chat.Id}/messages?limit=0", Ct);
        var badInvite = await bob.Http.PostAsync("/api/invites/NOT-A-CODE/join", null, Ct);

        Assert.True((await ChatApi.Problem(noTitle)).Body.GetProperty("errors").TryGetProperty("title", out _));
        Assert.True((await ChatApi.Problem(wordy)).Body.GetProperty("errors").TryGetProperty("emoji", out _));
        Assert.True((await ChatApi.Problem(zeroPage)).Body.GetProperty("errors").TryGetProperty("limit", out _));
        Assert.True((await ChatApi.Problem(badInvite)).Body.GetProperty("errors").TryGetProperty("code", out _));
        Assert.Empty(Assert.Single(await alice.History(chat.Id)).Reactions);
        Assert.DoesNotContain(await ChatApi.Read<List<JsonElement>>(await alice.Http.GetAsync("/api/chats", Ct)),
            c => c.GetProperty("kind").GetString() == "Group");
    }
}
