using Mediator;
using OpenChat.Chain.Kernel;
using OpenChat.Chain.Messaging.Circles;
using OpenChat.Chain.Payments.Custody;
using OpenChat.Chain.Payments.Flow;
using OpenChat.Chain.Wallet;
using OpenChat.Chain.Wallet.Transfers;

namespace OpenChat.Chain.Payments.Circles;

/// <summary>The owner changes a paid circle's price (base units) or closes it; the chat follows once the chain confirms.</summary>
public sealed record ManagePaidCircle(Guid UserId, Guid ChatId, PaymentRole Role, System.Numerics.BigInteger? Price = null)
    : ICommand<Result<PaymentView>>;

public sealed class ManagePaidCircleHandler(IMediator mediator, PaymentFlow flow) : ICommandHandler<ManagePaidCircle, Result<PaymentView>>
{
    public async ValueTask<Result<PaymentView>> Handle(ManagePaidCircle command, CancellationToken ct)
    {
        if (command.Role is not (PaymentRole.CirclePrice or PaymentRole.CircleClose)) throw new ArgumentOutOfRangeException(nameof(command));
        var info = await mediator.Send(new GetCircleInfo(command.ChatId), ct);
        if (info.Error is { } missing) return missing;
        if (info.Value!.OwnerId != command.UserId) return WalletErrors.CircleNotOwner;
        if (info.Value.OnChainId is null) return CircleErrors.NotRegistered;
        // A price change is a new action each time; a close happens once.
        var key = command.Role == PaymentRole.CirclePrice ? $"circle:price:{command.ChatId}:{Guid.NewGuid():N}" : $"circle:close:{command.ChatId}";
        var terms = new PaymentTerms(PaymentKind.Circle, command.ChatId, "0", key,
            Price: command.Price is { } price ? Coins.Format(price) : null, CircleId: info.Value.OnChainId);
        return await flow.RecordAndEnqueueAsync(command.UserId, command.Role, terms, ct);
    }
}
