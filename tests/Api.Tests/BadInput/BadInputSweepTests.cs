using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OpenChat.Chain.Api.Auth;
using OpenChat.Chain.Api.Payments;
using OpenChat.Chain.Api.Tests.Auth;
using OpenChat.Chain.Api.Tests.Support;
using OpenChat.Chain.Governance;
using OpenChat.Chain.Messaging;
using OpenChat.Chain.Wallet;
using OpenChat.Chain.Identity;

namespace OpenChat.Chain.Api.Tests.BadInput;

/// <summary>
/// Walks every operation of the service's own OpenAPI document with a catalogue of malformed bodies, parameters and
/// headers, as a signed-in user who has a chat, a message and a file (so the routes exist). No answer may be a 5xx or
/// carry a stack trace; the clearly malformed ones must be a 4xx; and afterwards nothing new is stored.
/// </summary>
public sealed partial class BadInputSweepTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>One malformed request; <paramref name="Must4xx"/> when no reading of it is valid.</summary>
    sealed record Probe(string Label, HttpMethod Method, string Url, Func<HttpContent>? Body, (string Name, string Value)? Header, bool Must4xx);

    [Fact]
    public async Task EveryOperation_WithMalformedInput_Answers4xxWithoutStackTrace_AndStoresNothing()
    {
        await api.WaitUntilHealthyAsync(TimeSpan.FromSeconds(90));
        var (alice, bob) = (await api.CreateUserAsync("alice"), await api.CreateUserAsync("bob"));
        // Like every real account, alice has a passkey: adding another is then an action she must confirm.
        var (ceremonyId, options) = await alice.Http.PostForOptionsAsync("/api/auth/passkeys/options");
        var (credential, _) = new OpenChat.Chain.Tests.Support.SoftwareAuthenticator("http://localhost:5080").Create(options);
        Assert.True((await alice.Http.PostAsJsonAsync("/api/auth/passkeys", TestSignIn.Answer(ceremonyId, credential), Ct)).IsSuccessStatusCode);
        var group = await alice.CreateGroup("sweep", bob);
        var message = await alice.Send(group.Id, "hello");
        var media = await alice.Http.PostAsync("/api/media", new ByteArrayContent([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, .. Guid.NewGuid().ToByteArray()]), Ct);
        var mediaId = JsonDocument.Parse(await media.Content.ReadAsStringAsync(Ct)).RootElement.GetProperty("id").GetString()!;
        var realValues = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
        {
            ["chatId"] = group.Id.ToString(), ["messageId"] = message.Id.ToString(), ["memberId"] = bob.Id.ToString(),
            ["userId"] = bob.Id.ToString(), ["mediaId"] = mediaId, ["emoji"] = "👍", ["code"] = new string('a', 32),
            ["proposalId"] = "1", ["transferId"] = Guid.NewGuid().ToString(),
        };

        using var document = JsonDocument.Parse(await alice.Http.GetStringAsync("/openapi/v1.json", Ct));
        var probes = Catalogue(document.RootElement, realValues).ToList();
        var before = await StoredAsync(alice);
        var stored = before;

        var failures = new List<string>();
        foreach (var probe in probes)
        {
            using var request = new HttpRequestMessage(probe.Method, probe.Url) { Content = probe.Body?.Invoke() };
            if (probe.Header is { } header) request.Headers.TryAddWithoutValidation(header.Name, header.Value);
            using var response = await alice.Http.SendAsync(request, Ct);
            var body = await response.Content.ReadAsStringAsync(Ct);
            var status = (int)response.StatusCode;
            var what = $"{probe.Method} {probe.Url[..Math.Min(probe.Url.Length, 120)]} [{probe.Label[..Math.Min(probe.Label.Length, 80)]}]";
            if (status >= 500 || (probe.Must4xx && status is < 400 or >= 500) || StackTrace().IsMatch(body))
                failures.Add($"{what} → {status} {body[..Math.Min(body.Length, 300)]}");
            // An accepted request must not have stored anything either: name the one that did.
            if (status < 400 && await StoredAsync(alice) is var now && now != stored)
            {
                failures.Add($"{what} → {status} stored something: {stored} → {now}");
                stored = now;
            }
        }

        var after = await StoredAsync(alice);
        Assert.True(probes.Count > 1_000, $"only {probes.Count} probes: is the OpenAPI document complete?");
        Assert.True(failures.Count == 0, $"{failures.Count} of {probes.Count} probes failed:\n{string.Join('\n', failures)}");
        Assert.Equal(before, after);
    }

    // Exception type names or "   at Namespace.Type.Method(" frames: internals the caller must never see.
    [GeneratedRegex(@"\w+Exception\b|\bat [\w.`<>]+\(|\bSystem\.\w+\.|\bMicrosoft\.\w+\.")]
    private static partial Regex StackTrace();

    /// <summary>Rows of the main tables, and the caller's own profile: equal before and after the sweep.</summary>
    async Task<string> StoredAsync(TestUser user)
    {
        await using var scope = api.Services.CreateAsyncScope();
        var services = scope.ServiceProvider;
        var messaging = services.GetRequiredService<MessagingDb>();
        var identity = services.GetRequiredService<IdentityDb>();
        var payments = services.GetRequiredService<PaymentsDb>();
        var governance = services.GetRequiredService<GovernanceDb>();
        var wallet = services.GetRequiredService<WalletDb>();
        var counts = new Dictionary<string, int>
        {
            ["users"] = await messaging.Users.CountAsync(Ct), ["chats"] = await messaging.Chats.CountAsync(Ct),
            ["members"] = await messaging.Members.CountAsync(Ct), ["messages"] = await messaging.Messages.CountAsync(Ct),
            ["reactions"] = await messaging.Reactions.CountAsync(Ct), ["updates"] = await messaging.Updates.CountAsync(Ct),
            ["mediaBlobs"] = await messaging.MediaBlobs.CountAsync(Ct), ["mediaUploads"] = await messaging.MediaUploads.CountAsync(Ct),
            ["circleRules"] = await messaging.CircleRules.CountAsync(Ct), ["passkeys"] = await identity.Passkeys.CountAsync(Ct),
            ["sessions"] = await identity.Sessions.CountAsync(Ct), ["ceremonies"] = await identity.Ceremonies.CountAsync(Ct),
            ["paymentLinks"] = await payments.Links.CountAsync(Ct), ["paymentPreferences"] = await payments.Preferences.CountAsync(Ct),
            ["proposals"] = await governance.Proposals.CountAsync(Ct), ["votes"] = await governance.Votes.CountAsync(Ct),
            ["transfers"] = await wallet.OutgoingTransfers.CountAsync(Ct),
        };
        return string.Join(", ", counts.Select(c => $"{c.Key}={c.Value}")) + "; me=" + await user.Http.GetStringAsync("/api/me", Ct);
    }

    static IEnumerable<Probe> Catalogue(JsonElement openApi, IReadOnlyDictionary<string, string> realValues)
    {
        var schemas = openApi.TryGetProperty("components", out var components) && components.TryGetProperty("schemas", out var s) ? s : default;
        foreach (var path in openApi.GetProperty("paths").EnumerateObject())
        foreach (var operation in path.Value.EnumerateObject())
        {
            if (operation.Name is "parameters" or "summary" or "description" or "servers") continue;
            var method = new HttpMethod(operation.Name.ToUpperInvariant());
            var parameters = operation.Value.TryGetProperty("parameters", out var p) ? p.EnumerateArray().ToList() : [];
            string Url(string? badName = null, string? badValue = null, string? query = null)
            {
                var url = Regex.Replace(path.Name, @"\{(\w+)\}", m => m.Groups[1].Value == badName ? badValue!
                    : realValues.TryGetValue(m.Groups[1].Value, out var real) ? Uri.EscapeDataString(real) : "x");
                return query is null ? url : $"{url}?{query}";
            }

            foreach (var parameter in parameters)
            {
                var name = parameter.GetProperty("name").GetString()!;
                var parameterSchema = parameter.TryGetProperty("schema", out var ps) ? Resolve(ps, schemas) : default;
                var type = TypeOf(parameterSchema);
                var int32 = parameterSchema.ValueKind == JsonValueKind.Object && parameterSchema.TryGetProperty("format", out var pf) && pf.GetString() == "int32";
                switch (parameter.GetProperty("in").GetString())
                {
                    case "path":
                        foreach (var bad in BadRouteValues)
                            yield return new Probe($"path {name}={bad}", method, Url(name, bad), null, null, Must4xx: true);
                        break;
                    case "query":
                        foreach (var (bad, must) in BadQueryValues(type, int32))
                            yield return new Probe($"query {name}={bad}", method, Url(query: $"{name}={bad}"), null, null, must);
                        break;
                    case "header":
                        foreach (var bad in BadHeaderValues)
                            yield return new Probe($"header {name}", method, Url(), null, (name, bad), Must4xx: false);
                        break;
                }
            }

            if (!operation.Value.TryGetProperty("requestBody", out var requestBody)) continue;
            var bodySchema = requestBody.TryGetProperty("content", out var content) && content.TryGetProperty("application/json", out var json)
                && json.TryGetProperty("schema", out var schema) ? Resolve(schema, schemas) : default;
            if (bodySchema.ValueKind == JsonValueKind.Undefined) continue; // a raw file upload, not JSON
            foreach (var (label, bytes, must) in BadBodies())
                yield return new Probe(label, method, Url(), () => Json(bytes), null, must);
            yield return new Probe("JSON sent as text/plain", method, Url(), () => new StringContent("{}", Encoding.UTF8, "text/plain"), null, Must4xx: true);
            foreach (var (label, body, must) in BadProperties(bodySchema, schemas, depth: 0))
                yield return new Probe(label, method, Url(), () => Json(Encoding.UTF8.GetBytes(
                    body.ToJsonString().Replace($"\"{LoneSurrogate}\"", "\"\\ud800\"", StringComparison.Ordinal))), null, must);
        }
    }

    // JsonNode cannot hold a lone surrogate: this stands for "\ud800" until the body is written out.
    const string LoneSurrogate = "lone-surrogate-d800";

    static ByteArrayContent Json(byte[] bytes) => new(bytes) { Headers = { ContentType = new MediaTypeHeaderValue("application/json") } };

    // No %00: Kestrel refuses a NUL in the path itself (400), and the in-memory client cannot even send one.
    static readonly string[] BadRouteValues =
    [
        "abc", "-1", "0", "99999999999999999999999", "%FF%FE", "%ED%A0%80", "..%2F..%2Fhealth", "%22%27%3C%3E", new string('9', 2_000),
        "00000000-0000-0000-0000-00000000000g",
    ];

    static readonly string[] BadHeaderValues = ["", " ", new string('k', 5_000), "ünïcödé", "a\tb", "../../etc/passwd"];

    static IEnumerable<(string Value, bool Must4xx)> BadQueryValues(string? type, bool int32)
    {
        var numeric = type is "integer" or "number";
        foreach (var value in new[] { "abc", "9223372036854775808", "-9223372036854775809", "1e400", "1.5", "NaN" })
            yield return (value, numeric);
        yield return ("99999999999", int32); // overflows an int, not a long
        foreach (var value in new[] { "-1", "0", "", "%00", "%22", "*", "NEAR(a%20b)", "(", "%FF%FE", "%ED%A0%80", "a%00b", new string('q', 5_000) })
            yield return (value, false);
    }

    static IEnumerable<(string Label, byte[] Bytes, bool Must4xx)> BadBodies()
    {
        foreach (var text in new[] { "{", "{\"a\":", "nul", "'x'", "{\"a\":1,}", "{a:1}", "null", "[]", "[{}]", "\"text\"", "42", "true" })
            yield return ($"body {text}", Encoding.UTF8.GetBytes(text), true);
        yield return ("empty body", [], false);
        yield return ("arrays nested 5,000 deep", Encoding.UTF8.GetBytes(new string('[', 5_000) + new string(']', 5_000)), true);
        yield return ("objects nested 5,000 deep",
            Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("{\"a\":", 5_000)) + "1" + new string('}', 5_000)), true);
        yield return ("invalid UTF-8", [.. "{\"a\":\""u8, 0xFF, 0xFE, 0xC3, 0x28, .. "\"}"u8], true);
        yield return ("invalid UTF-8 outside strings", [(byte)'{', 0xC3, 0x28, (byte)'}'], true);
        yield return ("huge body", Encoding.UTF8.GetBytes("{\"a\":\"" + new string('x', 2 * 1024 * 1024) + "\"}"), true);
    }

    /// <summary>A body holding one bad property (nested objects one level down), the other properties left out.</summary>
    static IEnumerable<(string Label, JsonObject Body, bool Must4xx)> BadProperties(JsonElement schema, JsonElement schemas, int depth)
    {
        if (!schema.TryGetProperty("properties", out var properties)) yield break;
        foreach (var property in properties.EnumerateObject())
        {
            var propertySchema = Resolve(property.Value, schemas);
            var type = TypeOf(propertySchema);
            foreach (var (value, must) in BadValues(property.Name, propertySchema, type))
                yield return ($"{property.Name}={Shorten(value)}", new JsonObject { [property.Name] = value?.DeepClone() }, must);
            if (type == "object" && depth == 0)
                foreach (var (label, inner, must) in BadProperties(propertySchema, schemas, depth + 1))
                    yield return ($"{property.Name}.{label}", new JsonObject { [property.Name] = inner }, must);
        }
    }

    static IEnumerable<(JsonNode? Value, bool Must4xx)> BadValues(string name, JsonElement schema, string? type)
    {
        yield return (null, false);
        var wrong = new JsonNode?[] { 12345, true, new JsonArray(), new JsonObject(), "text" };
        foreach (var value in wrong)
        {
            var kind = value switch { JsonArray => "array", JsonObject => "object", _ => value!.GetValueKind() switch
            {
                JsonValueKind.Number => "number", JsonValueKind.True => "boolean", _ => "string",
            } };
            var fits = kind == type || (kind == "number" && type == "integer") || type is null;
            if (!fits) yield return (value, true);
        }
        if (schema.ValueKind == JsonValueKind.Object && schema.TryGetProperty("enum", out _)) yield return ("NotAThing", true);
        var format = schema.ValueKind == JsonValueKind.Object && schema.TryGetProperty("format", out var f) ? f.GetString() : null;
        switch (type)
        {
            case "string":
                if (format == "uuid") yield return ("abc", true);
                yield return (LoneSurrogate, true);
                // Valid text elsewhere, but never a valid amount, count or id; free text gets only what no text field takes.
                foreach (var value in new[] { "", "a\u0000b", "\u202Eevil", new string('s', 200_000) })
                    yield return (value, false);
                if (NumericName().IsMatch(name))
                    foreach (var value in new[] { "2147483648", "9223372036854775808", "115792089237316195423570985008687907853269984665640564039457584007913129639936", "-1", "1e400", "NaN", "0x", "1.0000000000000000001", " 1" })
                        yield return (value, false);
                break;
            case "integer" or "number":
                yield return ("abc", true);
                yield return (JsonNode.Parse("9223372036854775808"), true);
                if (format == "int32") yield return (2147483648L, true);
                yield return (JsonNode.Parse("1e400"), false);
                foreach (var value in new JsonNode[] { -1, 0, 1.5 }) yield return (value, false);
                break;
            case "array":
                yield return (new JsonArray(JsonValue.Create(12345), new JsonObject(), new JsonArray()), false);
                yield return (new JsonArray(Enumerable.Range(0, 10_000).Select(i => (JsonNode?)JsonValue.Create("x" + i)).ToArray()), false);
                break;
        }
    }

    // Strings that carry numbers: amounts, prices, balances, shares, thresholds.
    [GeneratedRegex("amount|price|balance|shares|threshold|units|minimum|value|wei|period", RegexOptions.IgnoreCase)]
    private static partial Regex NumericName();

    static string Shorten(JsonNode? value) => value?.ToJsonString() is { } text ? (text.Length > 40 ? text[..40] + "…" : text) : "null";

    static JsonElement Resolve(JsonElement schema, JsonElement schemas)
    {
        for (var hops = 0; hops < 10 && schema.ValueKind == JsonValueKind.Object; hops++)
        {
            if (schema.TryGetProperty("$ref", out var reference) && schemas.ValueKind == JsonValueKind.Object)
                schema = schemas.GetProperty(reference.GetString()!.Split('/')[^1]);
            else if ((schema.TryGetProperty("oneOf", out var choices) || schema.TryGetProperty("anyOf", out choices) || schema.TryGetProperty("allOf", out choices))
                && choices.EnumerateArray().FirstOrDefault(c => !(c.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.String && t.GetString() == "null"))
                    is { ValueKind: JsonValueKind.Object } first)
                schema = first;
            else break;
        }
        return schema;
    }

    // "type" is a name or, for nullable values, a list such as ["string", "null"].
    static string? TypeOf(JsonElement schema) =>
        schema.ValueKind != JsonValueKind.Object || !schema.TryGetProperty("type", out var type) ? null
        : type.ValueKind == JsonValueKind.String ? type.GetString()
        : type.EnumerateArray().Select(t => t.GetString()).FirstOrDefault(t => t != "null");
}
