using Mediator;
using Microsoft.EntityFrameworkCore;
using OpenChat.Chain.Wallet.Chain;

namespace OpenChat.Chain.Wallet.Indexer;

/// <summary>
/// The indexed events of one system contract on the current chain, oldest first, as the indexer holds them now (a reorg
/// removes and re-adds them). For mirrors kept by other contexts, e.g. governance. <see cref="AfterId"/>: only events
/// indexed after that one (a follower's cursor; re-added events get new ids).
/// </summary>
public sealed record ListContractEvents(string Contract, IReadOnlyList<string> EventNames, long AfterId = 0) : IQuery<IReadOnlyList<IndexedEvent>>;

public sealed record IndexedEvent(long Id, long BlockNumber, string TxHash, int LogIndex, string EventName, string? From, string? To, string ArgsJson);

public sealed class ListContractEventsHandler(WalletDb db, ChainStatus chain) : IQueryHandler<ListContractEvents, IReadOnlyList<IndexedEvent>>
{
    public async ValueTask<IReadOnlyList<IndexedEvent>> Handle(ListContractEvents query, CancellationToken ct)
    {
        if (chain.Connection is not { } connection) return [];
        var chainId = connection.ChainId;
        return await db.ChainEvents.AsNoTracking()
            .Where(e => e.ChainId == chainId && e.Contract == query.Contract && query.EventNames.Contains(e.EventName) && e.Id > query.AfterId)
            .OrderBy(e => e.BlockNumber).ThenBy(e => e.LogIndex)
            .Select(e => new IndexedEvent(e.Id, e.BlockNumber, e.TxHash, e.LogIndex, e.EventName, e.From, e.To, e.ArgsJson))
            .ToListAsync(ct);
    }
}
