using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;
using OpenChat.Chain.Api.Messaging;
using OpenChat.Chain.Messaging.Chats;
using OpenChat.Chain.Messaging.Messages;
using OpenChat.Chain.Messaging.Sync;

namespace OpenChat.Chain.Api.Tests.Support;

/// <summary>The REST calls tests make, as a person's client would make them.</summary>
public static class ChatApi
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static async Task<ChatView> DirectChatWith(this TestUser me, TestUser other)
    {
        var response = await me.Http.PostAsJsonAsync("/api/chats/direct", new CreateDirectChatBody(other.Id), Json, Ct);
        return await Read<ChatView>(response);
    }

    public static async Task<ChatView> CreateGroup(this TestUser me, string title, params TestUser[] members)
    {
        var response = await me.Http.PostAsJsonAsync("/api/chats/groups", new CreateGroupBody(title, members.Select(m => m.Id).ToList()), Json, Ct);
        return await Read<ChatView>(response);
    }

    public static async Task<MessageView> Send(this TestUser me, Guid chatId, string text, Guid? clientMessageId = null,
        IReadOnlyList<string>? mediaIds = null, Guid? replyTo = null)
    {
        var response = await me.Http.PostAsJsonAsync($"/api/chats/{chatId}/messages",
            new SendMessageBody(clientMessageId ?? Guid.NewGuid(), text, mediaIds, replyTo), Json, Ct);
        return await Read<MessageView>(response);
    }

    public static async Task<IReadOnlyList<MessageView>> History(this TestUser me, Guid chatId, long? before = null, int limit = 50)
    {
        var query = before is null ? $"?limit={limit}" : $"?before={before}&limit={limit}";
        return await Read<IReadOnlyList<MessageView>>(await me.Http.GetAsync($"/api/chats/{chatId}/messages{query}", Ct));
    }

    public static async Task<UpdatePage> Sync(this TestUser me, long after, int limit = 500) =>
        await Read<UpdatePage>(await me.Http.GetAsync($"/api/sync?after={after}&limit={limit}", Ct));

    public static async Task<T> Read<T>(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode} {response.RequestMessage?.Method} {response.RequestMessage?.RequestUri}: {body}");
        return JsonSerializer.Deserialize<T>(body, Json)!;
    }

    /// <summary>A ProblemDetails answer: its status and code.</summary>
    public static async Task<(int Status, string? Code, JsonElement Body)> Problem(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync(Ct);
        Assert.False(response.IsSuccessStatusCode, $"expected a problem, got {(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var json = JsonDocument.Parse(body).RootElement.Clone();
        return ((int)response.StatusCode, json.TryGetProperty("code", out var code) ? code.GetString() : null, json);
    }
}
