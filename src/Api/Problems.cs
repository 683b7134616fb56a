using FluentValidation;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http.HttpResults;
using OpenChat.Chain.Kernel;

namespace OpenChat.Chain.Api;

/// <summary>Expected failures become ProblemDetails with a stable <c>code</c>; nothing internal is ever shown.</summary>
public static class Problems
{
    public static int StatusFor(ErrorKind kind) => kind switch
    {
        ErrorKind.Invalid => StatusCodes.Status400BadRequest,
        ErrorKind.NotFound => StatusCodes.Status404NotFound,
        ErrorKind.Forbidden => StatusCodes.Status403Forbidden,
        ErrorKind.Conflict => StatusCodes.Status409Conflict,
        ErrorKind.Unavailable => StatusCodes.Status503ServiceUnavailable,
        ErrorKind.TooManyRequests => StatusCodes.Status429TooManyRequests,
        _ => StatusCodes.Status500InternalServerError,
    };

    /// <summary>200 with the value, or the error's ProblemDetails.</summary>
    public static Results<Ok<T>, ProblemHttpResult> ToOkOrProblem<T>(this Result<T> result) =>
        result.Error is { } error ? error.ToProblem() : TypedResults.Ok(result.Value!);

    /// <summary>400 naming the one field an endpoint checked itself (the same shape FluentValidation's failures take).</summary>
    public static ProblemHttpResult Invalid(string field, string detail) =>
        TypedResults.Problem(new HttpValidationProblemDetails(new Dictionary<string, string[]> { [field] = [detail] })
        {
            Status = StatusCodes.Status400BadRequest, Title = "The request is not valid",
        });

    public static ProblemHttpResult ToProblem(this Error error) => TypedResults.Problem(
        statusCode: StatusFor(error.Kind),
        title: error.Code,
        detail: error.Detail,
        extensions: new Dictionary<string, object?> { ["code"] = error.Code });
}

/// <summary>4xx for invalid input (naming each field), 500 with nothing inside for anything else.</summary>
sealed partial class ProblemExceptionHandler(IProblemDetailsService problems, ILogger<ProblemExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext http, Exception exception, CancellationToken ct)
    {
        if (exception is ValidationException invalid)
        {
            http.Response.StatusCode = StatusCodes.Status400BadRequest;
            var errors = invalid.Errors
                .GroupBy(e => ToCamelCase(e.PropertyName))
                .ToDictionary(g => g.Key, g => g.Select(e => e.ErrorMessage).ToArray());
            return await problems.TryWriteAsync(new ProblemDetailsContext
            {
                HttpContext = http,
                ProblemDetails = new HttpValidationProblemDetails(errors)
                {
                    Status = StatusCodes.Status400BadRequest,
                    Title = "validation.failed",
                    Detail = $"Invalid: {string.Join(", ", errors.Keys)}",
                    Extensions = { ["code"] = "validation.failed" },
                },
            });
        }

        if (exception is BadHttpRequestException bad)
        {
            var (status, code, field, message) = Pipeline.BadRequests.Describe(bad);
            http.Response.StatusCode = status;
            return await problems.TryWriteAsync(new ProblemDetailsContext
            {
                HttpContext = http,
                ProblemDetails = new HttpValidationProblemDetails(new Dictionary<string, string[]> { [field] = [message] })
                {
                    Status = status, Title = code, Detail = $"Invalid: {field}", Extensions = { ["code"] = code },
                },
            });
        }

        LogUnhandled(logger, http.Request.Method, http.Request.Path, exception);
        http.Response.StatusCode = StatusCodes.Status500InternalServerError;
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = http,
            ProblemDetails = { Status = 500, Title = "server.error", Extensions = { ["code"] = "server.error" } },
        });
    }

    static string ToCamelCase(string name) =>
        string.Join('.', name.Split('.').Select(part => part.Length == 0 ? part : char.ToLowerInvariant(part[0]) + part[1..]));

    [LoggerMessage(Level = LogLevel.Error, Message = "Unhandled exception on {Method} {Path}")]
    static partial void LogUnhandled(ILogger logger, string method, PathString path, Exception exception);
}
