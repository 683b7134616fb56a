using Microsoft.EntityFrameworkCore;
using Nethereum.Hex.HexConvertors.Extensions;
using OpenChat.Chain.Messaging;
using OpenChat.Chain.Wallet.Keys;

namespace OpenChat.Chain.Payments.Flow;

/// <summary>Who pays from which custodial account: Messaging assigns the HD index at sign-up, Wallet derives the address.</summary>
public sealed class PayerAccounts(MessagingDb users, WalletKeys keys, AccountIndexes indexes)
{
    public Task<int> AccountOfAsync(Guid userId, CancellationToken ct) => indexes.RequiredAsync(users, userId, ct);

    public async Task<string> AddressOfAsync(Guid userId, CancellationToken ct)
    {
        var wallet = await keys.GetAsync(ct) ?? throw new InvalidOperationException("wallet keys not loaded");
        return wallet.AddressOf(await AccountOfAsync(userId, ct));
    }

    public async Task<string> NameOfAsync(Guid userId, CancellationToken ct) =>
        await users.Users.AsNoTracking().Where(u => u.Id == userId).Select(u => u.DisplayName).FirstOrDefaultAsync(ct) ?? "someone";

    /// <summary>32 bytes naming a message on chain: the message id, left-padded (only this service reads them).</summary>
    public static string MessageRef(Guid messageId) => new byte[16].Concat(messageId.ToByteArray(bigEndian: true)).ToArray().ToHex(true);
}
