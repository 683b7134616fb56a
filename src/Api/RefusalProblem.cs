using Microsoft.AspNetCore.Http.HttpResults;
using OpenChat.Chain.Payments.Custody;

namespace OpenChat.Chain.Api;

public static class RefusalProblem
{
    /// <summary>The error's status and stable code, with <c>errors: {field: [detail]}</c> like FluentValidation's 400s.</summary>
    public static ProblemHttpResult ToProblem(this Refusal refusal) => TypedResults.Problem(new HttpValidationProblemDetails(
        new Dictionary<string, string[]> { [refusal.Field] = [refusal.Error.Detail ?? refusal.Error.Code] })
    {
        Status = Problems.StatusFor(refusal.Error.Kind),
        Title = refusal.Error.Code,
        Detail = refusal.Error.Detail,
        Extensions = { ["code"] = refusal.Error.Code },
    });
}
