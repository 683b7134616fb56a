using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using OpenChat.Chain.Kernel;

namespace OpenChat.Chain.Messaging.Users;

/// <summary>The user who brought this Ethereum wallet (Sign-In with Ethereum); addresses are stored lower-case.</summary>
public sealed record GetUserByAddress(string Address) : IQuery<Result<UserView>>;

public sealed class GetUserByAddressValidator : AbstractValidator<GetUserByAddress>
{
    public GetUserByAddressValidator() => RuleFor(q => q.Address).NotEmpty().Matches("^0x[0-9a-fA-F]{40}$");
}

public sealed class GetUserByAddressHandler(MessagingDb db) : IQueryHandler<GetUserByAddress, Result<UserView>>
{
    public async ValueTask<Result<UserView>> Handle(GetUserByAddress query, CancellationToken ct)
    {
        var address = query.Address.ToLowerInvariant();
        var user = await db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.ExternalAddress == address, ct);
        return user is null ? MessagingErrors.UserNotFound : user.ToView();
    }
}
