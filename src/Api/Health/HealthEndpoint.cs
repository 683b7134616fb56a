using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace OpenChat.Chain.Api.Health;

public static class HealthEndpoint
{
    public static RouteHandlerBuilder MapHealthEndpoint(this IEndpointRouteBuilder app) =>
        app.MapGet("/health", GetHealth)
            .WithTags("Health")
            .WithSummary("Database and chain status: 200 when all is healthy, else 503 with what is not.")
            .Produces<HealthView>(StatusCodes.Status503ServiceUnavailable);

    static async Task<Results<Ok<HealthView>, JsonHttpResult<HealthView>>> GetHealth(HealthCheckService health, CancellationToken ct)
    {
        var report = await health.CheckHealthAsync(ct);
        var view = new HealthView(report.Status.ToString(), report.Entries.ToDictionary(
            e => e.Key,
            e => new HealthCheckView(e.Value.Status.ToString(), e.Value.Description, e.Value.Data)));
        return report.Status == HealthStatus.Healthy
            ? TypedResults.Ok(view)
            : TypedResults.Json(view, statusCode: StatusCodes.Status503ServiceUnavailable);
    }
}

public sealed record HealthView(string Status, IReadOnlyDictionary<string, HealthCheckView> Checks);

public sealed record HealthCheckView(string Status, string? Description, IReadOnlyDictionary<string, object> Data);
