using System.Net;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace OpenChat.Chain.Api.Health;

public static class HealthEndpoint
{
    /// <summary>true: every caller gets the checks' details (RPC URL, contracts, relayer); else only local callers do.</summary>
    public const string DetailsSetting = "Health:Details";

    public static RouteHandlerBuilder MapHealthEndpoint(this IEndpointRouteBuilder app) =>
        app.MapGet("/health", GetHealth)
            .WithTags("Health")
            .WithSummary("Check the service's health")
            .WithDescription("200 when all is healthy, else 503. The checks' details go to local callers, and to all when Health:Details is set.")
            .Produces<HealthView>(StatusCodes.Status503ServiceUnavailable);

    static async Task<Results<Ok<HealthView>, JsonHttpResult<HealthView>>> GetHealth(
        HealthCheckService health, HttpContext http, IConfiguration configuration, CancellationToken ct)
    {
        var report = await health.CheckHealthAsync(ct);
        // Security: the RPC URL and the relayer's address and balance help an attacker aim; strangers get the verdict only.
        var details = configuration.GetValue<bool>(DetailsSetting) || IsLocal(http.Connection);
        var view = new HealthView(report.Status.ToString(), details
            ? report.Entries.ToDictionary(e => e.Key, e => new HealthCheckView(e.Value.Status.ToString(), e.Value.Description, e.Value.Data))
            : null);
        return report.Status == HealthStatus.Healthy
            ? TypedResults.Ok(view)
            : TypedResults.Json(view, statusCode: StatusCodes.Status503ServiceUnavailable);
    }

    // A loopback peer is on this machine (the operator, the benches, the browser suite). No address at all means no
    // network in between: an in-process test server or a Unix socket. No forwarded-headers middleware runs, so a
    // remote client cannot claim loopback with X-Forwarded-For.
    static bool IsLocal(ConnectionInfo connection) =>
        connection.RemoteIpAddress is not { } remote || IPAddress.IsLoopback(remote);
}

public sealed record HealthView(
    string Status,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyDictionary<string, HealthCheckView>? Checks);

public sealed record HealthCheckView(string Status, string? Description, IReadOnlyDictionary<string, object> Data);
