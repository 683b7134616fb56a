using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Numerics;
using System.Text.Json;
using System.Text.Json.Nodes;
using Nethereum.Hex.HexConvertors.Extensions;
using Nethereum.Model;
using OpenChat.Chain.Tests.Support;
using OpenChat.Chain.Wallet.Keys;

namespace OpenChat.Chain.Payments.Bench;

/// <summary>
/// The envelope's sender, as the web client is: a passkey added through the real ceremony (software authenticator), a
/// confirmation whose challenge binds the envelope's terms, then the envelope itself with the same idempotency key.
/// </summary>
sealed class Creator(HttpClient http, BenchUser user, string origin)
{
    readonly SoftwareAuthenticator _authenticator = new(origin);
    SoftwareAuthenticator.Credential? _credential;

    public BenchUser User => user;

    /// <summary>
    /// /api/auth/passkeys/options (confirmed with the wallet key's EIP-712 signature: a session alone adds no device),
    /// navigator.credentials.create(), /api/auth/passkeys.
    /// </summary>
    public async Task AddPasskeyAsync(CancellationToken ct)
    {
        var confirmation = await OwnerConfirmation.SignAsync(http, user, new { kind = "PasskeyAdd" }, ct);
        var options = await Rest.PostAsync<JsonElement>(http, "api/auth/passkeys/options", new { confirmation }, user.Token, ct);
        var (credential, key) = _authenticator.Create(options.GetProperty("options"));
        await Rest.PostAsync<JsonElement>(http, "api/auth/passkeys",
            new JsonObject { ["ceremonyId"] = options.GetProperty("ceremonyId").GetString(), ["credential"] = credential }, user.Token, ct);
        _credential = key;
    }

    /// <summary>Confirms the terms with the passkey and drops the envelope; returns the envelope message's id.</summary>
    public async Task<Guid> DropEnvelopeAsync(Guid chatId, string total, int shares, string split, CancellationToken ct)
    {
        var key = Guid.NewGuid().ToString();
        var begun = await Rest.PostAsync<JsonElement>(http, "api/payments/confirmations",
            new { kind = "Envelope", chatId, amount = total, idempotencyKey = key, shares, split }, user.Token, ct);
        var assertion = _authenticator.Get(begun.GetProperty("options"), _credential ?? throw new InvalidOperationException("no passkey yet"));
        var confirmation = new JsonObject { ["ceremonyId"] = begun.GetProperty("ceremonyId").GetString(), ["credential"] = assertion };
        var expiresAt = begun.GetProperty("terms").GetProperty("expiresAt").GetDateTimeOffset(); // the server's default, as confirmed

        using var request = new HttpRequestMessage(HttpMethod.Post, $"api/chats/{chatId}/envelopes")
        {
            Content = JsonContent.Create(new { total, shares, split, expiresAt, greeting = "恭喜发财 (bench)", confirmation }),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", user.Token);
        request.Headers.Add("Idempotency-Key", key);
        using var response = await http.SendAsync(request, ct);
        var body = await response.Content.ReadAsStringAsync(ct);
        if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"POST envelopes answered {(int)response.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement.GetProperty("messageId").GetGuid();
    }

    /// <summary>The treasury (anvil's dev account 0, the deployer) pays <paramref name="address"/> CHAT; waits for the receipt.</summary>
    public static async Task FundAsync(Rpc rpc, ChainFacts chain, string address, BigInteger units, CancellationToken ct)
    {
        using var dev = HdWallet.FromMnemonic("test test test test test test test test test test test junk");
        var nonce = await rpc.PendingNonceAsync(dev.AddressOf(0), ct);
        var data = "0xa9059cbb" + address[2..].ToLowerInvariant().PadLeft(64, '0') + units.ToString("x64", CultureInfo.InvariantCulture)[^64..];
        var raw = dev.SignTransaction(0, new Transaction1559(chain.ChainId, nonce, 1_000_000_000, 100_000_000_000, 120_000, chain.ChatCoin, 0, data, []));
        var hash = await rpc.SendRawAsync(raw.ToHex(true), ct);
        for (var waited = 0; waited < 300; waited++)
        {
            if (await rpc.ReceiptAsync(hash, ct) is { } receipt)
            {
                if (Rpc.Quantity(receipt.GetProperty("status")) != 1) throw new InvalidOperationException($"funding {hash} reverted");
                return;
            }
            await Task.Delay(100, ct);
        }
        throw new TimeoutException($"funding {hash} not mined in 30 s");
    }
}
