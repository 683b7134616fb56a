using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using OpenChat.Chain.Kernel;

namespace OpenChat.Chain.Api.OpenApi;

/// <summary>
/// Lists each operation's problem responses with the stable codes it can answer, from <see cref="ErrorCatalogue"/>.
/// Which use cases an endpoint calls is not visible from its metadata, so the codes are chosen per route group (its
/// tag) by code family below: an operation may list a code that only its neighbours return, never miss one its group
/// returns. Edge codes (validation, malformed input) go to every operation that takes input, 401 to every operation
/// that needs a session, 500 to all.
/// </summary>
public sealed class OperationErrors : IOpenApiOperationTransformer
{
    /// <summary>Tag → the code families (a prefix ending in '.', or a whole code) its endpoints can return.</summary>
    public static readonly IReadOnlyDictionary<string, string[]> FamiliesByTag = new Dictionary<string, string[]>
    {
        ["Auth"] = ["auth.", "passkey.", "user.handle_taken", "user.address_taken", "payment.", "confirmation.", "rate.limited"],
        ["Users"] = ["user.", "media.not_found"],
        ["Chats"] = ["chat.", "user.not_found", "circle.rule_applies", "circle.closed", "messaging.busy"],
        ["Messages"] = ["message.", "chat.", "media.", "rate.limited", "messaging.busy"],
        ["Sync"] = [],
        ["Search"] = [],
        ["Media"] = ["media."],
        ["Wallet"] = ["wallet.", "payment.", "confirmation.", "auth.challenge_expired", "passkey.", "rate.limited"],
        ["Payments"] = ["payment.", "confirmation.", "tip.", "envelope.", "wallet.", "chat.not_found", "chat.not_allowed",
            "message.not_found", "circle.", "governance.", "passkey.", "auth.challenge_expired", "rate.limited", "messaging.busy"],
        ["Governance"] = ["governance.", "wallet.chain_unavailable", "wallet.invalid_address", "wallet.address_checksum",
            "payment.", "confirmation.", "auth.challenge_expired", "chat.not_found"],
        ["Circles"] = ["circle.", "wallet.", "payment.", "confirmation.", "chat.", "auth.challenge_expired", "messaging.busy"],
        ["Health"] = [],
    };

    /// <summary>The extension that lists an operation's codes per response, for clients and the summary test.</summary>
    public const string CodesExtension = "x-error-codes";

    public Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken ct)
    {
        var metadata = context.Description.ActionDescriptor.EndpointMetadata;
        var tags = operation.Tags?.Select(t => t.Name ?? "").ToList() ?? [];
        var families = tags.SelectMany(t => FamiliesByTag.TryGetValue(t, out var f) ? f : []).ToList();
        var codes = ErrorCatalogue.Errors.Where(e => families.Any(f => f.EndsWith('.') ? e.Code.StartsWith(f, StringComparison.Ordinal) : e.Code == f)).ToList();

        var takesBody = context.Description.ParameterDescriptions.Any(p => p.Source.Id is "Body" or "Form");
        var takesInput = takesBody || context.Description.ParameterDescriptions.Count > 0;
        if (takesInput) codes.AddRange(ErrorCatalogue.EdgeErrors.Where(e => takesBody || e.Code != Pipeline.BadRequests.TooLargeCode && e.Code != Pipeline.BadRequests.UnsupportedTypeCode));

        operation.Responses ??= [];
        foreach (var status in codes.GroupBy(e => Problems.StatusFor(e.Kind)).OrderBy(g => g.Key))
            AddProblem(operation, context, status.Key, "Expected failures, each with its stable `code`:", status.DistinctBy(e => e.Code));

        if (RequiresSession(metadata))
        {
            AddProblem(operation, context, StatusCodes.Status401Unauthorized, "No valid session (see the security schemes).", []);
            operation.Security = [.. SecuritySchemes.Requirements(context.Document)];
        }
        AddProblem(operation, context, StatusCodes.Status500InternalServerError, "A bug or an outage; nothing internal is shown.",
            [new Error("server.error", ErrorKind.Unavailable)]);
        return Task.CompletedTask;
    }

    static bool RequiresSession(IList<object> metadata) =>
        metadata.OfType<IAuthorizeData>().Any() && !metadata.OfType<IAllowAnonymous>().Any();

    static void AddProblem(OpenApiOperation operation, OpenApiOperationTransformerContext context, int status, string lead, IEnumerable<Error> errors)
    {
        var list = errors.ToList();
        var text = list.Count == 0 ? lead : lead + "\n\n" + string.Join("\n", list.Select(e => e.Detail is { } d ? $"- `{e.Code}`: {d}" : $"- `{e.Code}`"));
        var key = status.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (operation.Responses!.TryGetValue(key, out var existing) && existing is OpenApiResponse known)
        {
            // An endpoint's own response at this status (e.g. /health's 503 with its view) keeps its content.
            known.Description = string.IsNullOrEmpty(known.Description) ? text : known.Description + "\n\n" + text;
            if (list.Count > 0) (known.Extensions ??= new Dictionary<string, IOpenApiExtension>())[CodesExtension] = Codes(list);
            return;
        }
        var response = new OpenApiResponse
        {
            Description = text,
            Content = new Dictionary<string, OpenApiMediaType>
            {
                ["application/problem+json"] = new() { Schema = new OpenApiSchemaReference(ProblemSchema.Id, context.Document) },
            },
        };
        if (list.Count > 0) response.Extensions = new Dictionary<string, IOpenApiExtension> { [CodesExtension] = Codes(list) };
        operation.Responses[key] = response;
    }

    static JsonNodeExtension Codes(IEnumerable<Error> errors) => new(new JsonArray([.. errors.Select(e => JsonValue.Create(e.Code))]));
}
