using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using OpenChat.Chain.Messaging;
using OpenChat.Chain.Wallet.Keys;

namespace OpenChat.Chain.Payments.AddressBook;

/// <summary>
/// Which custodial account an address is: the reverse of <see cref="HdWallet.AddressOf"/>. BIP-32 derivation only goes
/// from index to address, so the accounts are derived once, in order, up to the highest index a user holds, and kept
/// (addresses are public; the keys stay in <see cref="HdWallet"/>).
/// </summary>
public sealed class AccountAddresses
{
    readonly ConcurrentDictionary<string, int> _indexByAddress = new(StringComparer.OrdinalIgnoreCase);
    readonly SemaphoreSlim _deriving = new(1, 1);
    int _derivedUpTo = -1;

    public async Task<IReadOnlyDictionary<string, int>> IndicesOfAsync(
        IEnumerable<string> addresses, MessagingDb users, WalletKeys keys, CancellationToken ct)
    {
        var highest = await users.Users.AsNoTracking().MaxAsync(u => (int?)u.WalletAccountIndex, ct) ?? -1;
        if (highest > Volatile.Read(ref _derivedUpTo) && await keys.GetAsync(ct) is { } wallet)
        {
            await _deriving.WaitAsync(ct);
            try
            {
                for (var i = _derivedUpTo + 1; i <= highest; i++) _indexByAddress[wallet.AddressOf(i)] = i;
                Volatile.Write(ref _derivedUpTo, Math.Max(_derivedUpTo, highest));
            }
            finally { _deriving.Release(); }
        }
        var found = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        foreach (var address in addresses)
            if (_indexByAddress.TryGetValue(address, out var index)) found[address] = index;
        return found;
    }
}
