using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;
using OpenChat.Chain.Tests.Support;

namespace OpenChat.Chain.Circles.Bench;

/// <summary>
/// One would-be member as the web client is: a passkey added through the real ceremony (software authenticator), a
/// device connected to the hub before paying, and the join itself (confirmation of the circle's terms, then the join
/// with the same idempotency key). Notes when the device first hears of the circle and when its messages first open.
/// </summary>
sealed class Member(HttpClient http, BenchUser user, string origin) : IAsyncDisposable
{
    readonly SoftwareAuthenticator _authenticator = new(origin);
    SoftwareAuthenticator.Credential? _credential;
    HubConnection? _device;
    Guid _circle;

    public BenchUser User => user;
    public string Address { get; set; } = "";

    /// <summary>Stopwatch timestamps; 0 until it happened.</summary>
    public long PostedAt, AnsweredAt, PushedAt, ReadableAt;

    /// <summary>What the first circle push was (MemberJoined or the notice), and when the server stamped the admission.</summary>
    public string? FirstPush;
    public DateTimeOffset? AdmittedAt;

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

    /// <summary>The device, listening before the member pays: the first update of <paramref name="circle"/> is the admission.</summary>
    public async Task ConnectAsync(Uri baseUrl, Guid circle, CancellationToken ct)
    {
        _circle = circle;
        _device = new HubConnectionBuilder()
            .WithUrl(new Uri(baseUrl, "hubs/chat"), o =>
            {
                o.AccessTokenProvider = () => Task.FromResult<string?>(user.Token);
                o.Transports = HttpTransportType.WebSockets;
                o.SkipNegotiation = true;
            })
            .Build();
        _device.On<JsonElement>("Update", push =>
        {
            var now = Stopwatch.GetTimestamp();
            if (push.GetProperty("chatId").GetGuid() != _circle || Volatile.Read(ref PushedAt) != 0) return;
            var kind = push.GetProperty("kind").GetString();
            if (kind == "MemberJoined" && push.TryGetProperty("member", out var m) && m.ValueKind == JsonValueKind.Object
                && m.GetProperty("userId").GetGuid() == user.Id)
                AdmittedAt = push.GetProperty("at").GetDateTimeOffset();
            FirstPush = kind;
            Volatile.Write(ref PushedAt, now);
        });
        _device.On<JsonElement>("Presence", _ => { });
        _device.On<JsonElement>("Typing", _ => { });
        await _device.StartAsync(ct);
    }

    /// <summary>Confirms the terms with the passkey and asks to join; the payment is relayed, admission follows its confirmation.</summary>
    public async Task JoinAsync(Guid chatId, string circleId, string price, int periods, CancellationToken ct)
    {
        var key = Guid.NewGuid().ToString();
        var amount = (decimal.Parse(price, System.Globalization.CultureInfo.InvariantCulture) * periods).ToString(System.Globalization.CultureInfo.InvariantCulture);
        PostedAt = Stopwatch.GetTimestamp();
        var begun = await Rest.PostAsync<JsonElement>(http, "api/payments/confirmations",
            new { kind = "Circle", chatId, amount, idempotencyKey = key, periods, price, circleId }, user.Token, ct);
        var assertion = _authenticator.Get(begun.GetProperty("options"), _credential ?? throw new InvalidOperationException("no passkey yet"));
        var confirmation = new JsonObject { ["ceremonyId"] = begun.GetProperty("ceremonyId").GetString(), ["credential"] = assertion };

        using var request = new HttpRequestMessage(HttpMethod.Post, $"api/circles/{chatId}/join")
        {
            Content = JsonContent.Create(new { periods, expectedPrice = price, confirmation }),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", user.Token);
        request.Headers.Add("Idempotency-Key", key);
        using var response = await http.SendAsync(request, ct);
        if (!response.IsSuccessStatusCode)
            throw new InvalidOperationException($"POST join answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(ct)}");
        AnsweredAt = Stopwatch.GetTimestamp();
    }

    /// <summary>GET the circle's messages every <paramref name="every"/> until they open (404 while not a member).</summary>
    public async Task PollUntilReadableAsync(Guid chatId, TimeSpan every, TimeSpan limit, CancellationToken ct)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(limit.TotalSeconds * Stopwatch.Frequency);
        while (Stopwatch.GetTimestamp() < deadline)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, $"api/chats/{chatId}/messages?limit=1");
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", user.Token);
            using var response = await http.SendAsync(request, ct);
            if (response.IsSuccessStatusCode)
            {
                ReadableAt = Stopwatch.GetTimestamp();
                return;
            }
            await Task.Delay(every, ct);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_device is not null) await _device.DisposeAsync();
    }
}
