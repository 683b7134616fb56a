using System.Text.Json;
using System.Text.Unicode;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http.Features;

namespace OpenChat.Chain.Api.Pipeline;

/// <summary>
/// Requests the framework cannot bind (malformed JSON, a wrong JSON type, an unparsable or overflowing route or query
/// value, a missing body, an oversized body) become 4xx ProblemDetails naming the field, never a 500.
/// </summary>
public static partial class BadRequests
{
    /// <summary>The largest JSON body any endpoint takes; an endpoint with its own limit (media) says so in its metadata.</summary>
    public const long MaxBodyBytes = 1024 * 1024;

    public const string MalformedCode = "request.malformed";
    public const string TooLargeCode = "request.too_large";
    public const string UnsupportedTypeCode = "request.unsupported_media_type";

    public static IServiceCollection AddBadRequestProblems(this IServiceCollection services) =>
        // Binding failures throw BadHttpRequestException in every environment, for ProblemExceptionHandler to describe;
        // otherwise Production answers an empty 400 and Development a 500.
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);

    /// <summary>
    /// A JSON body is read whole before binding (it is small): over the limit is a 413, and bytes that are not UTF-8
    /// (RFC 8259 §8.1) are a 400, even where the JSON reader would skip them inside a property it does not know.
    /// </summary>
    public static WebApplication UseBodyChecks(this WebApplication app)
    {
        app.Use(async (http, next) =>
        {
            if (http.GetEndpoint()?.Metadata.GetMetadata<OwnBodyLimit>() is null)
            {
                if (http.Request.ContentLength > MaxBodyBytes)
                {
                    await WriteAsync(http, StatusCodes.Status413PayloadTooLarge, TooLargeCode, $"At most {MaxBodyBytes / 1024} KiB.");
                    return;
                }
                if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit) limit.MaxRequestBodySize = MaxBodyBytes;
                if (http.Request.HasJsonContentType())
                {
                    var body = new MemoryStream();
                    http.Response.RegisterForDispose(body);
                    var chunk = new byte[16 * 1024];
                    int read;
                    while ((read = await http.Request.Body.ReadAsync(chunk, http.RequestAborted)) > 0)
                    {
                        body.Write(chunk, 0, read);
                        if (body.Length > MaxBodyBytes)
                        {
                            await WriteAsync(http, StatusCodes.Status413PayloadTooLarge, TooLargeCode, $"At most {MaxBodyBytes / 1024} KiB.");
                            return;
                        }
                    }
                    if (!Utf8.IsValid(body.GetBuffer().AsSpan(0, (int)body.Length)))
                    {
                        await WriteAsync(http, StatusCodes.Status400BadRequest, MalformedCode, "The body is not UTF-8 text.");
                        return;
                    }
                    body.Position = 0;
                    http.Request.Body = body;
                }
            }
            await next(http);
        });
        return app;
    }

    /// <summary>Endpoint metadata: the endpoint reads its body itself, within its own limit (a media upload).</summary>
    public sealed class OwnBodyLimit;

    /// <summary>The status, the field and a sentence for a request the framework could not bind.</summary>
    public static (int Status, string Code, string Field, string Message) Describe(BadHttpRequestException bad)
    {
        if (bad.StatusCode == StatusCodes.Status413PayloadTooLarge)
            return (bad.StatusCode, TooLargeCode, "body", $"At most {MaxBodyBytes / 1024} KiB.");
        if (bad.StatusCode == StatusCodes.Status415UnsupportedMediaType)
            return (bad.StatusCode, UnsupportedTypeCode, "Content-Type", "Send the body as application/json.");
        for (var inner = bad.InnerException; inner is not null; inner = inner.InnerException)
            if (inner is JsonException json)
                return json.Path is null or "$"
                    ? (StatusCodes.Status400BadRequest, MalformedCode, "body", "The body is not valid JSON of the expected shape (an object).")
                    : (StatusCodes.Status400BadRequest, MalformedCode, FieldOf(json.Path), "Not a valid value for this field (wrong JSON type, out of range, or malformed).");
        if (BindFailure().Match(bad.Message) is { Success: true } bind)
            return (StatusCodes.Status400BadRequest, MalformedCode, bind.Groups["name"].Value, "Not a valid value (wrong format or out of range).");
        if (Missing().Match(bad.Message) is { Success: true } missing)
            return missing.Groups["source"].Value == "body"
                ? (StatusCodes.Status400BadRequest, MalformedCode, "body", "A JSON object body is required.")
                : (StatusCodes.Status400BadRequest, MalformedCode, missing.Groups["name"].Value, "Required.");
        if (bad.Message.Contains("body", StringComparison.OrdinalIgnoreCase))
            return (StatusCodes.Status400BadRequest, MalformedCode, "body", "The body could not be read as JSON.");
        return (bad.StatusCode is >= 400 and < 500 ? bad.StatusCode : StatusCodes.Status400BadRequest, MalformedCode, "request", "The request is malformed.");
    }

    // "$.terms.amount" → "terms.amount", "$.mediaIds[0]" → "mediaIds[0]", "$['odd key']" → "odd key".
    static string FieldOf(string path) =>
        path.StartsWith("$.", StringComparison.Ordinal) ? path[2..]
        : path.StartsWith("$['", StringComparison.Ordinal) && path.EndsWith("']", StringComparison.Ordinal) ? path[3..^2]
        : path.TrimStart('$');

    static async Task WriteAsync(HttpContext http, int status, string code, string message)
    {
        http.Response.StatusCode = status;
        await http.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = http,
            ProblemDetails = new HttpValidationProblemDetails(new Dictionary<string, string[]> { ["body"] = [message] })
            {
                Status = status, Title = code, Detail = "Invalid: body", Extensions = { ["code"] = code },
            },
        });
    }

    // The framework's wording (RequestDelegateFactory): Failed to bind parameter "int? limit" from "abc".
    [GeneratedRegex("""^Failed to bind parameter "[^"]*?(?<name>[^" ]+)" from""")]
    private static partial Regex BindFailure();

    // Required parameter "SendTransferBody body" was not provided from body. / ... from query string.
    [GeneratedRegex("""^Required parameter "[^"]*?(?<name>[^" ]+)" was not provided from (?<source>\w+)""")]
    private static partial Regex Missing();
}
