using Mediator;
using Microsoft.EntityFrameworkCore;
using OpenChat.Chain.Kernel;
using OpenChat.Chain.Messaging.Sync;

namespace OpenChat.Chain.Messaging.Circles;

public enum CircleChainFact { Registered, Repriced, Closed }

/// <summary>Records what the chain confirmed for a circle: its on-chain id, a new price, or that it closed.</summary>
public sealed record RecordCircleChain(Guid ChatId, CircleChainFact Fact, string Value) : ICommand<Result<CircleInfo>>;

public sealed class RecordCircleChainHandler(MessagingDb db, UpdateLog log) : ICommandHandler<RecordCircleChain, Result<CircleInfo>>
{
    public async ValueTask<Result<CircleInfo>> Handle(RecordCircleChain command, CancellationToken ct)
    {
        var rule = await db.CircleRules.FirstOrDefaultAsync(r => r.ChatId == command.ChatId, ct);
        if (rule is null) return MessagingErrors.CircleNotFound;
        switch (command.Fact)
        {
            case CircleChainFact.Registered: rule.Registered(command.Value); break;
            case CircleChainFact.Repriced: rule.Repriced(command.Value); break;
            default: rule.Close(); break;
        }
        await log.Write(token => db.SaveChangesAsync(token), ct);
        return (await CircleInfos.ReadAsync(db, command.ChatId, ct))!;
    }
}
