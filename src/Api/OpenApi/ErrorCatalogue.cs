using System.Reflection;
using OpenChat.Chain.Api.Pipeline;
using OpenChat.Chain.Kernel;

namespace OpenChat.Chain.Api.OpenApi;

/// <summary>
/// Every stable error code the service can answer with, read by reflection from the public static <see cref="Error"/>
/// fields of the contexts (their *Errors catalogues and the few use cases that keep their own), plus the codes the
/// edge writes itself (validation, malformed requests, rate limits, server errors). Nothing here is typed by hand per code.
/// </summary>
public static class ErrorCatalogue
{
    /// <summary>Codes written by the host's edge rather than by a use case.</summary>
    public static readonly IReadOnlyList<Error> EdgeErrors =
    [
        new("validation.failed", ErrorKind.Invalid, "A field failed validation; `errors` names each field"),
        new(BadRequests.MalformedCode, ErrorKind.Invalid, "The request could not be read (JSON, a route or query value)"),
        new(BadRequests.UnsupportedTypeCode, ErrorKind.Invalid, "The body's Content-Type is not one the operation takes"),
        new(BadRequests.TooLargeCode, ErrorKind.Invalid, "The body is over the operation's size limit"),
    ];

    static readonly Lazy<IReadOnlyList<Error>> All = new(Collect);

    /// <summary>Each code once (an alias such as <c>NotAMember = ChatNotFound</c> shares its code), sorted.</summary>
    public static IReadOnlyList<Error> Errors => All.Value;

    static IReadOnlyList<Error> Collect()
    {
        Assembly[] contexts =
        [
            typeof(Chain.Messaging.MessagingErrors).Assembly, typeof(Chain.Wallet.WalletErrors).Assembly,
            typeof(Chain.Governance.GovernanceErrors).Assembly, typeof(Chain.Identity.AuthErrors).Assembly, typeof(Chain.Payments.PaymentErrors).Assembly,
            typeof(ErrorCatalogue).Assembly,
        ];
        var declared = contexts
            .SelectMany(a => a.GetTypes())
            .SelectMany(t => t.GetFields(BindingFlags.Public | BindingFlags.Static))
            .Where(f => f.FieldType == typeof(Error) && f.IsInitOnly)
            .Select(f => (Error)f.GetValue(null)!);
        return declared.Concat(EdgeErrors)
            .GroupBy(e => e.Code)
            .Select(g => g.First())
            .OrderBy(e => e.Code, StringComparer.Ordinal)
            .ToList();
    }
}
