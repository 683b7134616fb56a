using Mediator;
using Microsoft.EntityFrameworkCore;
using OpenChat.Chain.Kernel;

namespace OpenChat.Chain.Messaging.Users;

public sealed record GetUser(Guid UserId) : IQuery<Result<UserView>>;

public sealed class GetUserHandler(MessagingDb db) : IQueryHandler<GetUser, Result<UserView>>
{
    public async ValueTask<Result<UserView>> Handle(GetUser query, CancellationToken ct)
    {
        var user = await db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.Id == query.UserId, ct);
        return user is null ? MessagingErrors.UserNotFound : user.ToView();
    }
}
