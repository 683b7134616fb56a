using System.Text.Json.Nodes;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace OpenChat.Chain.Api.OpenApi;

/// <summary>
/// The RFC 9457 problem every 4xx/5xx answer carries (Problems.cs), with <c>code</c> typed as the enumeration of every
/// stable code in <see cref="ErrorCatalogue"/>, so a client can switch over codes and a new code shows up in its types.
/// </summary>
public sealed class ProblemSchema : IOpenApiDocumentTransformer
{
    public const string Id = "Problem";

    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken ct)
    {
        document.Components ??= new OpenApiComponents();
        document.Components.Schemas ??= new Dictionary<string, IOpenApiSchema>();
        var codes = ErrorCatalogue.Errors.Select(e => e.Code).Append("server.error").Append("rate.limited").Distinct().Order(StringComparer.Ordinal);
        document.Components.Schemas[Id] = new OpenApiSchema
        {
            Type = JsonSchemaType.Object,
            Description = "An expected failure (RFC 9457 problem details). `code` is stable: branch on it, never on `title` or `detail`.",
            Required = new HashSet<string> { "status", "code" },
            Properties = new Dictionary<string, IOpenApiSchema>
            {
                ["type"] = new OpenApiSchema { Type = JsonSchemaType.String | JsonSchemaType.Null },
                ["title"] = new OpenApiSchema { Type = JsonSchemaType.String | JsonSchemaType.Null, Description = "The code again, or a short title" },
                ["status"] = new OpenApiSchema { Type = JsonSchemaType.Integer, Format = "int32", Description = "The HTTP status" },
                ["detail"] = new OpenApiSchema { Type = JsonSchemaType.String | JsonSchemaType.Null, Description = "This occurrence in words, when there is more to say" },
                ["instance"] = new OpenApiSchema { Type = JsonSchemaType.String | JsonSchemaType.Null },
                ["code"] = new OpenApiSchema
                {
                    Type = JsonSchemaType.String,
                    Description = "The stable error code",
                    Enum = [.. codes.Select(c => (JsonNode)JsonValue.Create(c))],
                },
                ["errors"] = new OpenApiSchema
                {
                    Type = JsonSchemaType.Object,
                    Description = "For `validation.failed` and `request.*`: each invalid field (camelCase) with what is wrong",
                    AdditionalProperties = new OpenApiSchema { Type = JsonSchemaType.Array, Items = new OpenApiSchema { Type = JsonSchemaType.String } },
                },
            },
        };
        document.Info.Title = "OpenChat.Chain API";
        document.Info.Description =
            "Chats, payments in chat, the ChatCoin wallet, governance and circles. JSON is camelCase; enumerations are strings; " +
            "amounts are decimal strings of whole coins (18 decimals). Expected failures are problem details with a stable `code` " +
            "(each operation lists the codes it can answer). The realtime hub at `/hubs/chat` (SignalR, JSON or MessagePack) pushes " +
            "the same updates as `GET /api/sync`.";
        return Task.CompletedTask;
    }
}
