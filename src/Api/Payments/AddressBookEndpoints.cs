using System.Security.Claims;
using Mediator;
using Microsoft.AspNetCore.Http.HttpResults;
using OpenChat.Chain.Api.Auth;
using OpenChat.Chain.Payments.AddressBook;

namespace OpenChat.Chain.Api.Payments;

/// <summary>People, not addresses: names for the addresses a screen shows, and whom to pay by @handle or contact.</summary>
public static class AddressBookEndpoints
{
    public static RouteGroupBuilder MapAddressBookEndpoints(this IEndpointRouteBuilder app)
    {
        var book = app.MapGroup("/api/address-book").WithTags("Users").RequireAuthorization();
        book.MapGet("/", NameAddresses)
            .WithSummary("Name addresses")
            .WithDescription("Who or what each address is: you, a user (display name and @handle), or one of the service's contracts " +
                "(\"Red envelopes\", \"Circles\", \"Treasury (timelock)\", …). Repeat `address` (up to 100); addresses nobody here " +
                "owns are left out of the answer.");
        book.MapGet("/payees", ListPayees)
            .WithSummary("Find whom to pay")
            .WithDescription("Your contacts (people you share a chat with, direct chats first) whose @handle starts with or whose name " +
                "contains `query`, and the user with exactly that @handle, each with the address a wallet send goes to.");
        return book;
    }

    static async Task<Ok<IReadOnlyList<AddressName>>> NameAddresses(
        [Microsoft.AspNetCore.Mvc.FromQuery(Name = "address")] string[] addresses, ClaimsPrincipal user, IMediator mediator, CancellationToken ct) =>
        TypedResults.Ok(await mediator.Send(new NameAddresses(user.UserId(), addresses), ct));

    static async Task<Ok<IReadOnlyList<AddressName>>> ListPayees(string? query, ClaimsPrincipal user, IMediator mediator, CancellationToken ct) =>
        TypedResults.Ok(await mediator.Send(new ListPayees(user.UserId(), query), ct));
}
