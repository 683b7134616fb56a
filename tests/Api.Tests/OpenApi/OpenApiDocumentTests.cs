using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace OpenChat.Chain.Api.Tests.OpenApi;

/// <summary>/openapi/v1.json as a product: security, problem codes, required fields, enumerations, and the copy the web client's types come from.</summary>
public sealed class OpenApiDocumentTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>The committed copy the web build turns into web/src/generated/api.ts.</summary>
    public static string CommittedPath => Path.Combine(RepoRoot(), "web", "src", "generated", "openapi.json");

    async Task<JsonObject> DocumentAsync()
    {
        using var client = api.CreateClient();
        return JsonNode.Parse(await client.GetStringAsync("/openapi/v1.json", Ct))!.AsObject();
    }

    static IEnumerable<(string Name, JsonObject Operation)> Operations(JsonObject document) =>
        from path in document["paths"]!.AsObject()
        from op in path.Value!.AsObject()
        where op.Key is "get" or "post" or "put" or "patch" or "delete"
        select ($"{op.Key.ToUpperInvariant()} {path.Key}", op.Value!.AsObject());

    [Fact]
    public async Task EveryOperation_ListsItsProblemResponses_WithStableCodes()
    {
        var document = await DocumentAsync();
        var knownCodes = document["components"]!["schemas"]!["Problem"]!["properties"]!["code"]!["enum"]!.AsArray().Select(c => (string)c!).ToHashSet();
        Assert.Contains("chat.not_found", knownCodes);           // MessagingErrors, by reflection
        Assert.Contains("wallet.insufficient_balance", knownCodes); // WalletErrors
        Assert.Contains("payment.terms_changed", knownCodes);     // a use case's own catalogue
        Assert.Contains("validation.failed", knownCodes);         // the edge

        var missing = new List<string>();
        foreach (var (name, operation) in Operations(document))
        {
            var responses = operation["responses"]!.AsObject();
            if (responses["500"]?["x-error-codes"] is null) missing.Add($"{name}: 500");
            var takesInput = operation["parameters"] is JsonArray { Count: > 0 } || operation["requestBody"] is not null;
            if (takesInput && !Codes(responses, "400").Contains("validation.failed")) missing.Add($"{name}: 400 validation.failed");
            foreach (var (status, response) in responses)
                foreach (var code in response!["x-error-codes"]?.AsArray().Select(c => (string)c!) ?? [])
                    if (!knownCodes.Contains(code)) missing.Add($"{name}: {status} {code} is not in the catalogue");
        }
        Assert.Empty(missing);

        var send = Operation(document, "post", "/api/chats/{chatId}/messages");
        Assert.Contains("chat.not_found", Codes(send["responses"]!.AsObject(), "404"));
        Assert.Contains("rate.limited", Codes(send["responses"]!.AsObject(), "429"));
        var transfer = Operation(document, "post", "/api/wallet/transfers");
        Assert.Contains("wallet.insufficient_balance", Codes(transfer["responses"]!.AsObject(), "409"));
    }

    [Fact]
    public async Task SecuritySchemes_AreDeclared_AndAppliedToOperationsThatNeedASession()
    {
        var document = await DocumentAsync();

        var schemes = document["components"]!["securitySchemes"]!.AsObject();
        Assert.Equal("bearer", (string?)schemes["session-bearer"]!["scheme"]);
        Assert.Contains("Passkey", (string?)schemes["session-bearer"]!["description"]);
        Assert.Contains("Sign-In with Ethereum", (string?)schemes["session-bearer"]!["description"]);
        Assert.Equal("cookie", (string?)schemes["session-cookie"]!["in"]);
        Assert.Equal("openchat_session", (string?)schemes["session-cookie"]!["name"]);

        var chats = Operation(document, "get", "/api/chats");
        Assert.Equal(["session-bearer", "session-cookie"], chats["security"]!.AsArray().Select(r => r!.AsObject().Single().Key));
        Assert.NotNull(chats["responses"]!["401"]);
        var signIn = Operation(document, "post", "/api/auth/passkeys/sign-in/options");
        Assert.Null(signIn["security"]);
        Assert.Null(Operation(document, "get", "/health")["security"]);
    }

    [Fact]
    public async Task Schemas_MarkNonNullableFieldsRequired_AndCarryEnumerationsAsStrings()
    {
        var schemas = (await DocumentAsync())["components"]!["schemas"]!.AsObject();

        var message = schemas["MessageView"]!.AsObject();
        var required = message["required"]!.AsArray().Select(r => (string)r!).ToHashSet();
        Assert.Superset(new HashSet<string> { "id", "chatId", "sequence", "senderId", "kind", "attachments", "reactions", "createdAt", "deleted" }, required);
        Assert.DoesNotContain("null", Types(message["properties"]!["id"]!));
        Assert.Contains("null", Types(message["properties"]!["text"]!));
        Assert.Contains("Transfer", (string?)message["properties"]!["payload"]!["description"]);
        Assert.Equal(["Text", "System", "Transfer", "Tip", "RedEnvelope", "Proposal", "Encrypted", "Handshake"],
            message["properties"]!["kind"]!["enum"]!.AsArray().Select(v => (string)v!));

        // A real C# enumeration (the server has sixteen transfer kinds) is a string enumeration with every value.
        var transferKind = Resolve(schemas, schemas["TransferView"]!["properties"]!["kind"]!);
        var kinds = transferKind["enum"]!.AsArray().Select(v => (string)v!).ToList();
        Assert.Contains("EnvelopeClaim", kinds);
        Assert.Equal(Enum.GetNames<OpenChat.Chain.Wallet.Sending.TransferKind>(), kinds);
    }

    [Fact]
    public async Task EveryOperation_HasASummary()
    {
        var operations = Operations(await DocumentAsync()).ToList();
        var lacking = operations
            .Where(o => string.IsNullOrWhiteSpace((string?)o.Operation["summary"]))
            .Select(o => o.Name)
            .Order(StringComparer.Ordinal)
            .ToList();
        Assert.Empty(lacking);

        // Short, sentence case, no trailing period: the line a reference or a generated client shows for the operation.
        var unlike = operations
            .Select(o => (o.Name, Summary: (string)o.Operation["summary"]!))
            .Where(o => o.Summary.Length > 80 || o.Summary.EndsWith('.') || !char.IsUpper(o.Summary[0]))
            .Select(o => $"{o.Name}: {o.Summary}")
            .ToList();
        Assert.Empty(unlike);
    }

    [Fact]
    public async Task TheCommittedCopy_ForTheWebClientsTypes_IsCurrent()
    {
        var served = Normalized(await DocumentAsync());
        // OPENAPI_UPDATE=1 rewrites the copy; the web build (scripts/build-web.sh) regenerates web/src/generated/api.ts from it.
        if (Environment.GetEnvironmentVariable("OPENAPI_UPDATE") == "1") await File.WriteAllTextAsync(CommittedPath, served, Ct);

        var committed = File.Exists(CommittedPath) ? await File.ReadAllTextAsync(CommittedPath, Ct) : "";
        Assert.True(committed == served,
            "web/src/generated/openapi.json is stale: run OPENAPI_UPDATE=1 dotnet test --project tests/Api.Tests -- --filter-class '*OpenApiDocumentTests', then build the web client");
    }

    [Fact]
    public async Task TheScalarReference_LoadsNothingFromOutside_AndHasNoVendorButtons()
    {
        using var client = api.CreateClient();

        var reference = await client.GetAsync("/scalar", Ct);
        var html = await reference.Content.ReadAsStringAsync(Ct);

        Assert.Equal(HttpStatusCode.OK, reference.StatusCode);
        Assert.DoesNotMatch(@"(src|href)=""(https?:)?//", html);
        Assert.Contains("\"withDefaultFonts\":false", html);
        Assert.Contains("\"showDeveloperTools\":\"never\"", html);
        Assert.Contains("\"telemetry\":false", html);
        Assert.Contains("\"agent\":{\"disabled\":true}", html);
    }

    static JsonObject Operation(JsonObject document, string method, string path) => document["paths"]![path]![method]!.AsObject();

    static HashSet<string> Codes(JsonObject responses, string status) =>
        responses[status]?["x-error-codes"]?.AsArray().Select(c => (string)c!).ToHashSet() ?? [];

    static IEnumerable<string> Types(JsonNode schema) => schema["type"] switch
    {
        JsonArray many => many.Select(t => (string)t!),
        JsonValue one => [(string)one!],
        _ => schema["oneOf"]?.AsArray().SelectMany(s => Types(s!)) ?? [],
    };

    static JsonObject Resolve(JsonObject schemas, JsonNode schema) =>
        schema["$ref"] is { } reference ? schemas[((string)reference!).Split('/')[^1]]!.AsObject() : schema.AsObject();

    /// <summary>The document without what depends on the host it was read from.</summary>
    static string Normalized(JsonObject document)
    {
        document.Remove("servers");
        return document.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n";
    }

    static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "web", "package.json"))) return dir.FullName;
        throw new InvalidOperationException("No web/package.json above " + AppContext.BaseDirectory);
    }
}
