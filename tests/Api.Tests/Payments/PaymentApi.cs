using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using OpenChat.Chain.Payments.Flow;
using OpenChat.Chain.Api.Tests.Auth;
using OpenChat.Chain.Api.Tests.Support;
using OpenChat.Chain.Tests.Support;
using OpenChat.Chain.Messaging.Messages;

namespace OpenChat.Chain.Api.Tests.Payments;

/// <summary>A test user with a passkey on a software authenticator: what confirming a payment needs.</summary>
public sealed record Payer(TestUser User, SoftwareAuthenticator Authenticator, SoftwareAuthenticator.Credential Credential)
{
    public Guid Id => User.Id;
    public HttpClient Http => User.Http;
}

/// <summary>Payments over HTTP as the web client makes them: confirm the terms with the passkey, then pay.</summary>
public static class PaymentApi
{
    public const string RpId = "chat.test", Origin = "https://chat.test";
    static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static Dictionary<string, string> Settings() => new() { ["Passkeys:RpId"] = RpId, ["Passkeys:Origins:0"] = Origin };

    /// <summary>Registers a passkey for an existing user through the real add-passkey ceremony.</summary>
    public static async Task<Payer> WithPasskeyAsync(this TestUser user)
    {
        var authenticator = new SoftwareAuthenticator(Origin);
        var (ceremonyId, options) = await user.Http.PostForOptionsAsync("/api/auth/passkeys/options");
        var (credentialJson, credential) = authenticator.Create(options);
        var added = await user.Http.PostAsJsonAsync("/api/auth/passkeys", TestSignIn.Answer(ceremonyId, credentialJson), Ct);
        Assert.True(added.IsSuccessStatusCode, await added.Content.ReadAsStringAsync(Ct));
        var payer = new Payer(user, authenticator, credential);
        Custody.CustodyApi.Remember(payer);
        return payer;
    }

    /// <summary>Asks for a confirmation of <paramref name="terms"/> and answers it with the payer's passkey.</summary>
    public static async Task<(JsonObject Confirmation, JsonElement Terms)> ConfirmAsync(this Payer payer, object terms)
    {
        var response = await payer.Http.PostAsJsonAsync("/api/payments/confirmations", terms, ChatApi.Json, Ct);
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync(Ct));
        var json = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
        var assertion = payer.Authenticator.Get(json.GetProperty("options"), payer.Credential);
        return (TestSignIn.Answer(json.GetProperty("ceremonyId").GetString()!, assertion), json.GetProperty("terms").Clone());
    }

    public static async Task<HttpResponseMessage> SendInChatAsync(this Payer payer, Guid chatId, Guid toUserId, string amount, string key,
        string? note = null, bool confirm = true)
    {
        var confirmation = confirm
            ? (await payer.ConfirmAsync(new { kind = "Transfer", chatId, amount, idempotencyKey = key, toUserId })).Confirmation
            : null;
        return await PostAsync(payer, $"/api/chats/{chatId}/transfers", key, new { amount, toUserId, note, confirmation });
    }

    public static async Task<HttpResponseMessage> TipAsync(this Payer payer, Guid chatId, Guid messageId, string amount, string key)
    {
        // A tip the action would refuse (one's own message) is refused before the prompt: that answer is the test's answer.
        var review = await payer.Http.PostAsJsonAsync("/api/payments/confirmations",
            new { kind = "Tip", chatId, amount, idempotencyKey = key, messageId }, ChatApi.Json, Ct);
        if (review.StatusCode != HttpStatusCode.OK) return review;
        var json = await review.Content.ReadFromJsonAsync<JsonElement>(Ct);
        var confirmation = TestSignIn.Answer(json.GetProperty("ceremonyId").GetString()!, payer.Authenticator.Get(json.GetProperty("options"), payer.Credential));
        return await PostAsync(payer, $"/api/chats/{chatId}/messages/{messageId}/tips", key, new { amount, confirmation });
    }

    public static async Task<HttpResponseMessage> DropEnvelopeAsync(this Payer payer, Guid chatId, string total, int shares, string split,
        string key, DateTimeOffset? expiresAt = null, string greeting = "恭喜发财")
    {
        // Terms the envelope would refuse are refused before the prompt: that answer is the test's answer.
        var review = await payer.Http.PostAsJsonAsync("/api/payments/confirmations",
            new { kind = "Envelope", chatId, amount = total, idempotencyKey = key, shares, split, expiresAt }, ChatApi.Json, Ct);
        if (review.StatusCode != HttpStatusCode.OK) return review;
        var json = await review.Content.ReadFromJsonAsync<JsonElement>(Ct);
        var confirmation = TestSignIn.Answer(json.GetProperty("ceremonyId").GetString()!, payer.Authenticator.Get(json.GetProperty("options"), payer.Credential));
        var terms = json.GetProperty("terms");
        var confirmedExpiry = terms.GetProperty("expiresAt").GetDateTimeOffset(); // the server's default when none was asked
        return await PostAsync(payer, $"/api/chats/{chatId}/envelopes", key,
            new { total, shares, split, expiresAt = confirmedExpiry, greeting, confirmation });
    }

    public static Task<HttpResponseMessage> OpenEnvelopeAsync(this TestUser user, Guid chatId, Guid messageId) =>
        user.Http.PostAsync($"/api/chats/{chatId}/envelopes/{messageId}/open", null, Ct);

    public static async Task<PaymentView> ReadPaymentAsync(this HttpResponseMessage response)
    {
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync(Ct)}");
        return (await response.Content.ReadFromJsonAsync<PaymentView>(ChatApi.Json, Ct))!;
    }

    /// <summary>Polls the chat until the message's payload satisfies <paramref name="done"/>.</summary>
    public static async Task<(MessageView Message, JsonNode Payload)> WaitForPayloadAsync(this TestUser user, Guid chatId, Guid messageId,
        Func<JsonNode, bool> done, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(90));
        while (true)
        {
            var message = (await user.History(chatId)).Single(m => m.Id == messageId);
            var payload = message.Payload is null ? null : JsonNode.Parse(message.Payload);
            if (payload is not null && done(payload)) return (message, payload);
            if (DateTime.UtcNow > deadline) Assert.Fail($"message {messageId} still {message.Payload}");
            await Task.Delay(250, Ct);
        }
    }

    static Task<HttpResponseMessage> PostAsync(Payer payer, string path, string key, object body)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body, options: ChatApi.Json) };
        request.Headers.Add("Idempotency-Key", key);
        return payer.Http.SendAsync(request, Ct);
    }
}
