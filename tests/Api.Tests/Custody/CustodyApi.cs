using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using OpenChat.Chain.Payments.Flow;
using OpenChat.Chain.Api.Tests.Auth;
using OpenChat.Chain.Api.Tests.Payments;
using OpenChat.Chain.Api.Tests.Support;
using OpenChat.Chain.Tests.Support;

namespace OpenChat.Chain.Api.Tests.Custody;

/// <summary>
/// The owner's confirmation as the web client gets it: POST /api/confirmations with the terms, then the passkey's
/// assertion (a software authenticator) sent with the action. Each test user gets one passkey, added on first use.
/// </summary>
public static class CustodyApi
{
    static readonly ConcurrentDictionary<Guid, Task<Payer>> Payers = new();
    static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>The user's first passkey, made through the real add-passkey ceremony (the account has nothing to confirm with yet).</summary>
    public static Task<Payer> PayerAsync(this TestUser user) => Payers.GetOrAdd(user.Id, _ => AddFirstPasskeyAsync(user));

    /// <summary>Remembers a passkey added elsewhere (PaymentApi.WithPasskeyAsync) as the user's payer.</summary>
    public static void Remember(Payer payer) => Payers.TryAdd(payer.Id, Task.FromResult(payer));

    static async Task<Payer> AddFirstPasskeyAsync(TestUser user)
    {
        var origin = user.Api.Settings.TryGetValue("Passkeys:Origins:0", out var configured) ? configured : "http://localhost:5080";
        var authenticator = new SoftwareAuthenticator(origin);
        var (ceremonyId, options) = await user.Http.PostForOptionsAsync("/api/auth/passkeys/options");
        var (credentialJson, credential) = authenticator.Create(options);
        var added = await user.Http.PostAsJsonAsync("/api/auth/passkeys", TestSignIn.Answer(ceremonyId, credentialJson), Ct);
        Assert.True(added.IsSuccessStatusCode, await added.Content.ReadAsStringAsync(Ct));
        return new Payer(user, authenticator, credential);
    }

    /// <summary>Asks for a confirmation of <paramref name="terms"/>; the raw answer (200 with options, or the refusal).</summary>
    public static Task<HttpResponseMessage> AskAsync(this TestUser user, object terms) =>
        user.Http.PostAsJsonAsync("/api/confirmations", terms, ChatApi.Json, Ct);

    /// <summary>The passkey's answer to a confirmation of these terms; null when the terms are refused before any prompt.</summary>
    public static async Task<JsonObject?> ConfirmOrNullAsync(this TestUser user, object terms)
    {
        var payer = await user.PayerAsync();
        var response = await user.AskAsync(terms);
        if (response.StatusCode != HttpStatusCode.OK) return null;
        return await payer.AnswerAsync(response);
    }

    /// <summary>A confirmation of these terms, which must be accepted for a prompt.</summary>
    public static async Task<JsonObject> ConfirmAsync(this TestUser user, object terms)
    {
        var payer = await user.PayerAsync();
        var response = await user.AskAsync(terms);
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync(Ct));
        return await payer.AnswerAsync(response);
    }

    /// <summary>The payer's passkey answering the options in a 200 from the confirmation endpoint.</summary>
    public static async Task<JsonObject> AnswerAsync(this Payer payer, HttpResponseMessage optionsResponse)
    {
        var json = await optionsResponse.Content.ReadFromJsonAsync<JsonElement>(Ct);
        var assertion = payer.Authenticator.Get(json.GetProperty("options"), payer.Credential);
        return TestSignIn.Answer(json.GetProperty("ceremonyId").GetString()!, assertion);
    }

    public static Task<HttpResponseMessage> PostWithKeyAsync(this TestUser user, string path, string? key, object body, HttpMethod? method = null)
    {
        var request = new HttpRequestMessage(method ?? HttpMethod.Post, path) { Content = JsonContent.Create(body, options: ChatApi.Json) };
        if (key is not null) request.Headers.Add("Idempotency-Key", key);
        return user.Http.SendAsync(request, Ct);
    }

    /// <summary>
    /// The owner's own threshold (PUT /api/payments/threshold, itself confirmed with the passkey): below it, wallet
    /// transfers and chat payments go on the session alone. For tests that send many at once from one account.
    /// </summary>
    public static async Task AllowSessionBelowAsync(this TestUser user, string amount)
    {
        var key = Guid.NewGuid().ToString();
        var confirmation = await user.ConfirmAsync(new { kind = "Threshold", amount, idempotencyKey = key });
        var response = await user.PostWithKeyAsync("/api/payments/threshold", key, new { sessionSufficesBelow = amount, confirmation }, HttpMethod.Put);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync(Ct));
    }

    /// <summary>POST /api/wallet/withdraw, confirmed with the user's passkey (unconfirmed when the terms are refused anyway).</summary>
    public static async Task<HttpResponseMessage> WithdrawAsync(this TestUser user, string? to, string? key)
    {
        var confirmation = await user.ConfirmOrNullAsync(new { kind = "Withdraw", to, idempotencyKey = key });
        return await user.PostWithKeyAsync("/api/wallet/withdraw", key, new { to, confirmation });
    }

    /// <summary>POST /api/wallet/export, confirmed with the user's passkey.</summary>
    public static async Task<HttpResponseMessage> ExportAsync(this TestUser user, string? confirmAddress = null)
    {
        var confirmation = await user.ConfirmAsync(new { kind = "ExportKey" });
        return await user.Http.PostAsJsonAsync("/api/wallet/export", new { confirmAddress, confirmation }, ChatApi.Json, Ct);
    }
}
