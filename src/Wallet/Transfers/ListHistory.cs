using Mediator;
using Microsoft.EntityFrameworkCore;
using OpenChat.Chain.Kernel;
using OpenChat.Chain.Wallet.Keys;
using OpenChat.Chain.Wallet.Sending;

namespace OpenChat.Chain.Wallet.Transfers;

/// <summary>
/// The caller's transfers, newest first: everything they sent (any status) and confirmed transfers to them from other
/// users of this service. Coins arriving from outside addresses appear once the chain indexer records them.
/// </summary>
public sealed record ListHistory(int AccountIndex, int Page = 1, int PageSize = 20) : IQuery<Result<HistoryPage>>;

public enum TransferDirection { Outgoing, Incoming }

public sealed record HistoryEntry(
    Guid Id, TransferDirection Direction, TransferStatus Status, string Counterparty, string Amount, string Token,
    DateTime At, string? TxHash, long? BlockNumber);

public sealed record HistoryPage(IReadOnlyList<HistoryEntry> Items, int Page, int PageSize, bool HasMore);

public sealed class ListHistoryHandler(WalletDb db, WalletKeys keys) : IQueryHandler<ListHistory, Result<HistoryPage>>
{
    public const int MaxPageSize = 100;

    public async ValueTask<Result<HistoryPage>> Handle(ListHistory query, CancellationToken ct)
    {
        var page = Math.Max(query.Page, 1);
        var size = Math.Clamp(query.PageSize, 1, MaxPageSize);
        if (await keys.GetAsync(ct) is not { } wallet) return WalletErrors.KeysUnavailable;
        var me = wallet.AddressOf(query.AccountIndex);
        var rows = await db.OutgoingTransfers.AsNoTracking()
            .Where(t => t.AccountIndex == query.AccountIndex || (t.To == me && t.Status == TransferStatus.Confirmed))
            .OrderByDescending(t => t.RequestedAt).ThenByDescending(t => t.Id)
            .Skip((page - 1) * size).Take(size + 1)
            .ToListAsync(ct);
        var items = rows.Take(size).Select(t =>
        {
            var view = t.ToView();
            return t.AccountIndex == query.AccountIndex
                ? new HistoryEntry(t.Id, TransferDirection.Outgoing, t.Status, t.To, view.Amount, view.Token, t.RequestedAt, view.TxHash, t.BlockNumber)
                : new HistoryEntry(t.Id, TransferDirection.Incoming, t.Status, t.From, view.Amount, view.Token, t.CompletedAt ?? t.RequestedAt, view.TxHash, t.BlockNumber);
        }).ToList();
        return new HistoryPage(items, page, size, rows.Count > size);
    }
}
