using Mediator;
using Microsoft.EntityFrameworkCore;

namespace OpenChat.Chain.Messaging.Messages;

/// <summary>A message's payload as stored now (null: none, or no such message), for its writer's next change.</summary>
public sealed record GetPaymentPayload(Guid MessageId) : IQuery<string?>;

public sealed class GetPaymentPayloadHandler(MessagingDb db) : IQueryHandler<GetPaymentPayload, string?>
{
    public async ValueTask<string?> Handle(GetPaymentPayload query, CancellationToken ct) =>
        await db.Messages.AsNoTracking().Where(m => m.Id == query.MessageId).Select(m => m.Payload).FirstOrDefaultAsync(ct);
}
