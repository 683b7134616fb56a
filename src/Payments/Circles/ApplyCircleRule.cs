using Mediator;
using OpenChat.Chain.Kernel;
using OpenChat.Chain.Messaging.Circles;
using OpenChat.Chain.Payments.Custody;
using OpenChat.Chain.Payments.Flow;
using OpenChat.Chain.Wallet.Transfers;

namespace OpenChat.Chain.Payments.Circles;

/// <summary>
/// Sets a group's access rule (Messaging) and, for a paid circle not yet on chain, registers it from the owner's account;
/// the circle takes payments once the chain has it. Amounts in base units.
/// </summary>
public sealed record ApplyCircleRule(Guid UserId, Guid ChatId, CircleAccess Access, string? Description, System.Numerics.BigInteger Price,
    long? PeriodSeconds, System.Numerics.BigInteger MinBalance, bool HoldMeasuresVotes) : ICommand<Result<CircleInfo>>;

public sealed class ApplyCircleRuleHandler(IMediator mediator, PaymentFlow flow) : ICommandHandler<ApplyCircleRule, Result<CircleInfo>>
{
    public async ValueTask<Result<CircleInfo>> Handle(ApplyCircleRule command, CancellationToken ct)
    {
        var set = await mediator.Send(new SetCircleRule(command.UserId, command.ChatId, command.Access, command.Description, command.Price.ToString(),
            command.PeriodSeconds ?? 0, command.MinBalance.ToString(), command.HoldMeasuresVotes), ct);
        if (set.Error is { } error) return error;
        var circle = set.Value!;
        if (circle.IsPaid() && circle.OnChainId is null)
        {
            var terms = new PaymentTerms(PaymentKind.Circle, command.ChatId, "0", $"circle:register:{command.ChatId}", Price: Coins.Format(command.Price),
                PeriodSeconds: command.PeriodSeconds);
            if (await flow.RecordAndEnqueueAsync(command.UserId, PaymentRole.CircleRegister, terms, ct) is { Error: { } refused }) return refused;
        }
        return circle;
    }
}
