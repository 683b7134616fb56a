namespace OpenChat.Chain.Wallet.Sending;

/// <summary>
/// The host's look-up of an idempotency key before the custody gate (a retry of a movement already made is answered, not
/// confirmed again). The row found, or its absence, is kept for the rest of the unit of work (<see cref="WalletDb.KeyLookups"/>),
/// so the use case's own check costs no second query (issue 20: every transfer POST asked twice).
/// </summary>
public static class OutboxKeys
{
    public static async Task<OutgoingTransfer?> FindAsync(WalletDb db, int account, string key, CancellationToken ct)
    {
        var row = await Outbox.QueryAsync(db, account, key, ct);
        db.KeyLookups[(account, key)] = row;
        return row;
    }
}
