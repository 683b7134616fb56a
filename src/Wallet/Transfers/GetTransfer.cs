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
        var transfer = await ById(db, query.TransferId, query.AccountIndex, ct);
        return transfer is null ? WalletErrors.TransferNotFound : transfer.ToView();
    }

    // Compiled once: a client follows a transfer by asking for it until it settles, so this is the wallet's most frequent
    // query, and EF's per-call query-cache lookup cost more than SQLite's answer (issue 20).
    static readonly Func<WalletDb, Guid, int, CancellationToken, Task<OutgoingTransfer?>> ById = EF.CompileAsyncQuery(
        (WalletDb db, Guid id, int account, CancellationToken ct) => db.OutgoingTransfers.AsNoTracking().FirstOrDefault(t => t.Id == id && t.AccountIndex == account));
}
