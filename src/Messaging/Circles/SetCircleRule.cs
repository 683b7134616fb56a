using System.Numerics;
using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using OpenChat.Chain.Kernel;
using OpenChat.Chain.Messaging.Sync;

namespace OpenChat.Chain.Messaging.Circles;

/// <summary>
/// The group's owner or an admin sets who may come in. A paid rule needs a price and a period above zero; a hold rule a
/// minimum balance above zero (amounts in base units). A price change for a registered paid circle goes through the
/// chain first (the host records it with <see cref="RecordCircleChain"/>).
/// </summary>
public sealed record SetCircleRule(Guid UserId, Guid ChatId, CircleAccess Access, string? Description, string? Price, long PeriodSeconds,
    string? MinBalance, bool HoldMeasuresVotes = false) : ICommand<Result<CircleInfo>>;

public sealed class SetCircleRuleValidator : AbstractValidator<SetCircleRule>
{
    public SetCircleRuleValidator()
    {
        RuleFor(r => r.Description).MaximumLength(1_000);
        RuleFor(r => r.Description).PlainText();
        RuleFor(r => r.Access).IsInEnum();
        RuleFor(r => r.Price).Must(Positive).When(r => r.Access is CircleAccess.Pay or CircleAccess.PayAndHold)
            .WithMessage("A paid circle needs a price above zero.");
        RuleFor(r => r.PeriodSeconds).GreaterThan(0).When(r => r.Access is CircleAccess.Pay or CircleAccess.PayAndHold)
            .WithMessage("A paid circle needs a period above zero.");
        RuleFor(r => r.MinBalance).Must(Positive).When(r => r.Access is CircleAccess.Hold or CircleAccess.PayAndHold)
            .WithMessage("A hold-to-join circle needs a minimum balance above zero.");
    }

    static bool Positive(string? units) => BigInteger.TryParse(units, out var value) && value.Sign > 0;
}

public sealed class SetCircleRuleHandler(MessagingDb db, UpdateLog log) : ICommandHandler<SetCircleRule, Result<CircleInfo>>
{
    public async ValueTask<Result<CircleInfo>> Handle(SetCircleRule command, CancellationToken ct)
    {
        var me = await db.ActiveMembership(command.ChatId, command.UserId, ct);
        if (me is null) return MessagingErrors.ChatNotFound;
        if (!me.CanManageMembers) return MessagingErrors.NotAllowed;
        if (!await db.Chats.AnyAsync(c => c.Id == command.ChatId && c.Kind == Chats.ChatKind.Group, ct)) return MessagingErrors.NotAGroup;
        var rule = await db.CircleRules.FirstOrDefaultAsync(r => r.ChatId == command.ChatId, ct);
        if (rule is null) db.CircleRules.Add(rule = new CircleRule(command.ChatId));
        if (rule.Closed) return MessagingErrors.CircleClosed;
        if (rule.OnChainId is not null && (rule.Price != (command.Price ?? "0") || rule.PeriodSeconds != command.PeriodSeconds))
            return MessagingErrors.CircleTermsOnChain;
        rule.Change(command.Access, command.Description?.Trim() ?? "", command.Price ?? "0", command.PeriodSeconds, command.MinBalance ?? "0",
            command.HoldMeasuresVotes);
        await log.Write(token => db.SaveChangesAsync(token), ct);
        return (await CircleInfos.ReadAsync(db, command.ChatId, ct))!;
    }
}
