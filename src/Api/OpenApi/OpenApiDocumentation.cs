using Microsoft.AspNetCore.OpenApi;
using Scalar.AspNetCore;

namespace OpenChat.Chain.Api.OpenApi;

/// <summary>What makes /openapi/v1.json a reference a developer can use, and how /scalar shows it.</summary>
public static class OpenApiDocumentation
{
    public static void Configure(OpenApiOptions options)
    {
        options.AddSchemaTransformer<RequiredFields>();
        options.AddSchemaTransformer<SchemaDescriptions>();
        options.AddOperationTransformer<OperationErrors>();
        options.AddDocumentTransformer<SecuritySchemes>();
        options.AddDocumentTransformer<ProblemSchema>();
    }

    /// <summary>
    /// The page loads only what the service serves (SecurityHeaders.ScalarPolicy would refuse the rest anyway): no web
    /// fonts, no telemetry, no AI agent or MCP, and no developer toolbar (its Deploy and Generate SDK
    /// buttons lead to the vendor's hosted services).
    /// </summary>
    public static void ConfigureScalar(ScalarOptions options) => options
        .WithTitle("OpenChat.Chain API")
        .DisableDefaultFonts()
        .DisableTelemetry()
        .DisableAgent()
        .DisableMcp()
        .HideClientButton()
        .HideDeveloperTools()
        .AddPreferredSecuritySchemes([SecuritySchemes.Bearer]);
}
