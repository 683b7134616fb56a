using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace OpenChat.Chain.Messaging.Users;

/// <summary>Users whose handle starts with the query (an optional leading @ is ignored), in handle order.</summary>
public sealed record SearchUsers(string Query, int Limit = 20) : IQuery<IReadOnlyList<UserView>>;

public sealed class SearchUsersValidator : AbstractValidator<SearchUsers>
{
    public SearchUsersValidator()
    {
        RuleFor(q => q.Query).NotEmpty().Matches("^@?[a-zA-Z0-9_]{1,32}$")
            .WithMessage("The start of a name: 1 to 32 letters, digits or underscores.");
        RuleFor(q => q.Limit).InclusiveBetween(1, 50);
    }
}

public sealed class SearchUsersHandler(MessagingDb db) : IQueryHandler<SearchUsers, IReadOnlyList<UserView>>
{
    public async ValueTask<IReadOnlyList<UserView>> Handle(SearchUsers query, CancellationToken ct)
    {
        // StartsWith becomes LIKE with '_' escaped, and uses the unique index on Handle.
        var prefix = Handles.Normalize(query.Query.TrimStart('@'));
        var users = await db.Users.AsNoTracking()
            .Where(u => u.Handle.StartsWith(prefix))
            .OrderBy(u => u.Handle)
            .Take(query.Limit)
            .ToListAsync(ct);
        return users.Select(u => u.ToView()).ToList();
    }
}
