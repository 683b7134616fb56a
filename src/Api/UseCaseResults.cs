using Mediator;
using Microsoft.AspNetCore.Http.HttpResults;
using OpenChat.Chain.Kernel;

namespace OpenChat.Chain.Api;

/// <summary>
/// The one way from a route to its use case: an endpoint is a lambda in its route table that builds the request from
/// route values, body and the current user, and one of these sends it and maps its Result (the exact Results union, so
/// OpenAPI documents every outcome).
/// </summary>
public static class UseCaseResults
{
    public static async Task<Results<Ok<T>, ProblemHttpResult>> Ok<T>(this IMediator mediator, ICommand<Result<T>> command, CancellationToken ct) =>
        (await mediator.Send(command, ct)).ToOkOrProblem();

    public static async Task<Results<Ok<T>, ProblemHttpResult>> Ok<T>(this IMediator mediator, IQuery<Result<T>> query, CancellationToken ct) =>
        (await mediator.Send(query, ct)).ToOkOrProblem();

    /// <summary>A query that cannot fail: 200 with its answer.</summary>
    public static async Task<Ok<T>> Value<T>(this IMediator mediator, IQuery<T> query, CancellationToken ct) => TypedResults.Ok(await mediator.Send(query, ct));

    public static async Task<Results<NoContent, ProblemHttpResult>> NoContent<T>(this IMediator mediator, ICommand<Result<T>> command, CancellationToken ct) =>
        (await mediator.Send(command, ct)).Error is { } error ? error.ToProblem() : TypedResults.NoContent();

    /// <summary>201 at the location the value names, or the error's ProblemDetails.</summary>
    public static async Task<Results<Created<T>, ProblemHttpResult>> Created<T>(this IMediator mediator, ICommand<Result<T>> command,
        Func<T, string> location, CancellationToken ct)
    {
        var result = await mediator.Send(command, ct);
        return result.Error is { } error ? error.ToProblem() : TypedResults.Created(location(result.Value!), result.Value);
    }
}
