using Mediator;
using Microsoft.EntityFrameworkCore;
using OpenChat.Chain.Kernel;
using OpenChat.Chain.Wallet.Sending;

namespace OpenChat.Chain.Wallet.Transfers;

/// <summary>One of the caller's own transfers; someone else's is "not found", not "forbidden" (ids reveal nothing).</summary>
public sealed record GetTransfer(int AccountIndex, Guid TransferId) : IQuery<Result<TransferView>>;

public sealed class GetTransferHandler(WalletDb db) : IQueryHandler<GetTransfer, Result<TransferView>>
{
    public async ValueTask<Result<TransferView>> Handle(GetTransfer query, CancellationToken ct)
    {
        var transfer = await db.OutgoingTransfers.AsNoTracking()
            .FirstOrDefaultAsync(t => t.Id == query.TransferId && t.AccountIndex == query.AccountIndex, ct);
        return transfer is null ? WalletErrors.TransferNotFound : transfer.ToView();
    }
}
