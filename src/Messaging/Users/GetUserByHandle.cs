using Mediator;
using Microsoft.EntityFrameworkCore;
using OpenChat.Chain.Kernel;

namespace OpenChat.Chain.Messaging.Users;

/// <summary>The user with exactly this handle (compared lower-case, as stored).</summary>
public sealed record GetUserByHandle(string Handle) : IQuery<Result<UserView>>;

public sealed class GetUserByHandleHandler(MessagingDb db) : IQueryHandler<GetUserByHandle, Result<UserView>>
{
    public async ValueTask<Result<UserView>> Handle(GetUserByHandle query, CancellationToken ct)
    {
        var handle = Handles.Normalize(query.Handle);
        var user = await db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.Handle == handle, ct);
        return user is null ? MessagingErrors.UserNotFound : user.ToView();
    }
}
