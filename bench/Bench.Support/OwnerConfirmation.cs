using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Nethereum.Signer.EIP712;

namespace OpenChat.Chain.Bench.Support;

/// <summary>
/// The owner's confirmation for a bench user who signed in with their own key (SIWE) and has no passkey: the service
/// answers POST /api/confirmations with EIP-712 typed data over the exact terms, which the key signs (eth_signTypedData_v4).
/// </summary>
public static class OwnerConfirmation
{
    public static async Task<JsonObject> SignAsync(HttpClient http, BenchUser user, object terms, CancellationToken ct)
    {
        var begun = await Rest.PostAsync<JsonElement>(http, "api/confirmations", terms, user.Token, ct);
        var key = user.Key ?? throw new InvalidOperationException("the bench user has no key of its own");
        var signature = new Eip712TypedDataSigner().SignTypedDataV4(begun.GetProperty("options").GetRawText(), key);
        return new JsonObject { ["ceremonyId"] = begun.GetProperty("ceremonyId").GetString(), ["signature"] = signature };
    }

    /// <summary>Lets the user's session alone send less than <paramref name="amount"/> CHAT (the threshold change is itself confirmed).</summary>
    public static async Task AllowSessionBelowAsync(HttpClient http, BenchUser user, string amount, CancellationToken ct)
    {
        var idempotencyKey = Guid.NewGuid().ToString();
        var confirmation = await SignAsync(http, user, new { kind = "Threshold", amount, idempotencyKey }, ct);
        using var request = new HttpRequestMessage(HttpMethod.Put, "api/payments/threshold")
        {
            Content = JsonContent.Create(new { sessionSufficesBelow = amount, confirmation }),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", user.Token);
        request.Headers.Add("Idempotency-Key", idempotencyKey);
        using var response = await http.SendAsync(request, ct);
        if (!response.IsSuccessStatusCode)
            throw new RestException((int)response.StatusCode, $"PUT api/payments/threshold answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(ct)}");
    }
}
