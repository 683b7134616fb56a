using Microsoft.EntityFrameworkCore;

namespace OpenChat.Chain.Wallet.Sending;

/// <summary>
/// The host's look-up of an idempotency key before the custody gate (a retry of a movement already made is answered, not
/// confirmed again). The row found, or its absence, is kept for the rest of the unit of work (<see cref="WalletDb.KeyLookups"/>),
/// so the use case's own check costs no second query (issue 20: every transfer POST asked twice). The same query brings the
/// account's rows still in flight, which the balance check that follows needs (<see cref="WalletDb.InFlightRead"/>).
/// </summary>
public static class OutboxKeys
{
    public static async Task<OutgoingTransfer?> FindAsync(WalletDb db, int account, string key, CancellationToken ct)
    {
        var rows = new List<OutgoingTransfer>();
        await foreach (var each in KeyOrInFlight(db, account, key).WithCancellation(ct)) rows.Add(each);
        var row = rows.FirstOrDefault(t => t.IdempotencyKey == key);
        db.KeyLookups[(account, key)] = row;
        db.InFlightRead[account] = rows.Where(t => t.Status is TransferStatus.Requested or TransferStatus.Signed or TransferStatus.Broadcast)
            .Select(t => (t.Amount, t.ForwardNonce)).ToList();
        return row;
    }

    // Compiled once: asked on every POST that moves coins (issue 20).
    static readonly Func<WalletDb, int, string, IAsyncEnumerable<OutgoingTransfer>> KeyOrInFlight = EF.CompileAsyncQuery(
        (WalletDb db, int account, string key) => db.OutgoingTransfers.AsNoTracking()
            .Where(t => t.AccountIndex == account && (t.IdempotencyKey == key
                || t.Status == TransferStatus.Requested || t.Status == TransferStatus.Signed || t.Status == TransferStatus.Broadcast)));
}
