using System.Globalization;
using System.Numerics;
using System.Text;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Nethereum.Util;
using OpenChat.Chain.Kernel;
using OpenChat.Chain.Wallet.Chain;
using OpenChat.Chain.Wallet.Contracts;
using OpenChat.Chain.Wallet.Keys;
using OpenChat.Chain.Wallet.Sending;

namespace OpenChat.Chain.Wallet.Transfers;

/// <summary>
/// The caller's ChatCoin movements, newest first, from two sources: the outbox (everything they sent, in any status, and
/// confirmed transfers to them from other users of this service, visible as soon as they are mined) and the chain
/// indexer (every other ChatCoin Transfer to or from their address: coins from outside, mints, envelope shares, tips,
/// and what they sent with an exported key), which follows reorgs by itself. A payment the outbox knows appears once,
/// as the outbox has it; rows that move no coins of their own (votes, delegation, claims, refunds) are not history:
/// the coins a claim or refund brings show as the indexed ChatCoin Transfer they caused.
/// </summary>
public sealed record ListHistory(int AccountIndex, int Page = 1, int PageSize = 20) : IQuery<Result<HistoryPage>>;

public enum TransferDirection { Outgoing, Incoming }

/// <param name="Label">What the row is when an address says too little: "Welcome reward", "Invite reward" (coins from the rewards pool).</param>
public sealed record HistoryEntry(
    Guid Id, TransferDirection Direction, TransferStatus Status, string Counterparty, string Amount, string Token,
    DateTime At, string? TxHash, long? BlockNumber, string? Label = null);

public sealed record HistoryPage(IReadOnlyList<HistoryEntry> Items, int Page, int PageSize, bool HasMore);

public sealed class ListHistoryHandler(WalletDb db, WalletKeys keys, ChainStatus chain) : IQueryHandler<ListHistory, Result<HistoryPage>>
{
    public const int MaxPageSize = 100;
    public const int MaxPage = 10_000;

    /// <summary>Outbox rows that move the sender's coins: shown from the outbox (with their status) rather than the index.</summary>
    static readonly TransferKind[] CoinsOut = [TransferKind.Transfer, TransferKind.Withdrawal, TransferKind.Tip, TransferKind.EnvelopeCreate];

    /// <summary>Of those, the ones whose recipient is a person (an envelope's coins go to the contract first).</summary>
    static readonly TransferKind[] ToPeople = [TransferKind.Transfer, TransferKind.Withdrawal, TransferKind.Tip];

    public async ValueTask<Result<HistoryPage>> Handle(ListHistory query, CancellationToken ct)
    {
        // Bounded so that page × size stays far from overflow; a larger pageSize is served as MaxPageSize (the web
        // client asks for 20 × the pages it shows).
        if (query.Page is < 1 or > MaxPage || query.PageSize is < 1 or > MaxPage) return WalletErrors.PageOutOfRange;
        var page = query.Page;
        var size = Math.Min(query.PageSize, MaxPageSize);
        if (await keys.GetAsync(ct) is not { } wallet) return WalletErrors.KeysUnavailable;
        var me = wallet.AddressOf(query.AccountIndex);
        // Each source's newest (page × size + 1) rows are enough to cut the merged page and to know whether more follow.
        var window = page * size + 1;

        var sent = (await db.OutgoingTransfers.AsNoTracking()
                .Where(t => t.AccountIndex == query.AccountIndex && CoinsOut.Contains(t.Kind))
                .OrderByDescending(t => t.RequestedAt).ThenByDescending(t => t.Id).Take(window).ToListAsync(ct))
            .Select(t => Entry(t, TransferDirection.Outgoing, t.To, t.RequestedAt));
        var received = (await db.OutgoingTransfers.AsNoTracking()
                .Where(t => t.To == me && t.Status == TransferStatus.Confirmed && ToPeople.Contains(t.Kind))
                .OrderByDescending(t => t.CompletedAt).ThenByDescending(t => t.Id).Take(window).ToListAsync(ct))
            .Select(t => Entry(t, TransferDirection.Incoming, t.From, t.CompletedAt ?? t.RequestedAt));

        IEnumerable<HistoryEntry> onChain = [];
        if (chain.Connection is { } connection)
        {
            var address = me.ToLowerInvariant();
            var chainId = connection.ChainId;
            onChain = (await db.ChainEvents.AsNoTracking()
                    .Where(e => e.ChainId == chainId && e.Contract == nameof(ChainContracts.ChatCoin) && e.EventName == "Transfer"
                        && (e.To == address || e.From == address) && e.From != e.To
                        // Listed from the outbox already: coins a row of ours sent. Its sender too, since one relayer
                        // transaction carries the requests of many accounts (a batch).
                        && !db.OutgoingTransfers.Any(t => t.TxHash == e.TxHash && CoinsOut.Contains(t.Kind) && t.From.ToLower() == e.From))
                    .OrderByDescending(e => e.BlockNumber).ThenByDescending(e => e.LogIndex).Take(window).ToListAsync(ct))
                .Select(e => Entry(e, address));
        }

        var merged = sent.Concat(received).Concat(onChain)
            .OrderByDescending(e => e.At).ThenByDescending(e => e.BlockNumber ?? long.MaxValue)
            .Skip((page - 1) * size).Take(size + 1).ToList();
        var items = merged.Take(size).ToList();
        if (chain.Connection is { Contracts.RewardsPool: { Length: > 0 } pool }) items = await LabelRewardsAsync(items, pool, me, ct);
        return new HistoryPage(items, page, size, merged.Count > size);
    }

    /// <summary>
    /// Coins from the rewards pool are labelled by the rewarder's outbox row that paid them: a welcome row to this account
    /// in that transaction is the welcome reward, an invite row the invite reward (the rewarder has one row in flight at a
    /// time, so one transaction never carries both for the same person).
    /// </summary>
    async Task<List<HistoryEntry>> LabelRewardsAsync(List<HistoryEntry> items, string pool, string me, CancellationToken ct)
    {
        var hashes = items.Where(e => e.TxHash is not null && AddressUtil.Current.AreAddressesTheSame(e.Counterparty, pool)).Select(e => e.TxHash!).ToList();
        if (hashes.Count == 0) return items;
        var rows = await db.OutgoingTransfers.AsNoTracking()
            .Where(t => t.TxHash != null && hashes.Contains(t.TxHash) && (t.Kind == TransferKind.RewardWelcome || t.Kind == TransferKind.RewardInvite))
            .Select(t => new { t.TxHash, t.Kind, t.To, t.Details }).ToListAsync(ct);
        string? LabelOf(HistoryEntry e)
        {
            if (e.TxHash is null || !AddressUtil.Current.AreAddressesTheSame(e.Counterparty, pool)) return null;
            var paid = rows.Where(r => string.Equals(r.TxHash, e.TxHash, StringComparison.OrdinalIgnoreCase)).ToList();
            if (paid.Any(r => r.Kind == TransferKind.RewardWelcome && AddressUtil.Current.AreAddressesTheSame(r.To, me))) return "Welcome reward";
            if (paid.Any(r => r.Kind == TransferKind.RewardInvite && (AddressUtil.Current.AreAddressesTheSame(r.To, me)
                || (r.Details ?? "").Contains(me, StringComparison.OrdinalIgnoreCase)))) return "Invite reward";
            return null;
        }
        return items.Select(e => LabelOf(e) is { } label ? e with { Label = label } : e).ToList();
    }

    static HistoryEntry Entry(OutgoingTransfer t, TransferDirection direction, string counterparty, DateTime at)
    {
        var view = t.ToView();
        return new HistoryEntry(t.Id, direction, t.Status, counterparty, view.Amount, view.Token, at, view.TxHash, t.BlockNumber);
    }

    static HistoryEntry Entry(Indexer.ChainEvent e, string me)
    {
        var incoming = e.To == me;
        var counterparty = AddressUtil.Current.ConvertToChecksumAddress((incoming ? e.From : e.To) ?? AddressUtil.ZERO_ADDRESS);
        var amount = BigInteger.Parse(e.Amount ?? "0", CultureInfo.InvariantCulture);
        return new HistoryEntry(EventId(e), incoming ? TransferDirection.Incoming : TransferDirection.Outgoing, TransferStatus.Confirmed,
            counterparty, Coins.Format(amount), "CHAT", e.BlockTime, e.TxHash, e.BlockNumber);
    }

    /// <summary>A stable id for a log: the same transaction and log index give the same id across reindexing.</summary>
    static Guid EventId(Indexer.ChainEvent e) =>
        new(Sha3Keccack.Current.CalculateHash(Encoding.ASCII.GetBytes($"{e.ChainId}:{e.TxHash}:{e.LogIndex}")).AsSpan(0, 16));
}
