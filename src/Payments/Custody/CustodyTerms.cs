using OpenChat.Chain.Messaging;
using OpenChat.Chain.Wallet.Keys;

namespace OpenChat.Chain.Payments.Custody;

/// <summary>
/// The terms of each action outside the chat payments, built the same way by the confirmation request and by the action
/// itself: what the owner confirms is exactly what then happens.
/// </summary>
public static class CustodyTerms
{
    public static PaymentTerms WalletTransfer(string? to, string? amount, string? key, string? token, bool? acknowledgeContract) =>
        new(PaymentKind.WalletTransfer, Guid.Empty, amount, key, ToAddress: to, Token: token ?? "CHAT", AcknowledgeContractRecipient: Ack(acknowledgeContract));

    public static PaymentTerms Withdraw(string? to, string? key, bool? acknowledgeContract) =>
        new(PaymentKind.Withdraw, Guid.Empty, null, key, ToAddress: to, AcknowledgeContractRecipient: Ack(acknowledgeContract));

    public static PaymentTerms ExportKey(string? key) => new(PaymentKind.ExportKey, Guid.Empty, null, key);

    public static PaymentTerms Delegate(string? delegatee, string? key) => new(PaymentKind.Delegate, Guid.Empty, null, key, Delegatee: delegatee);

    public static PaymentTerms AddPasskey(string? name, string? key) => new(PaymentKind.PasskeyAdd, Guid.Empty, null, key, PasskeyName: name);

    public static PaymentTerms RenamePasskey(string? id, string? name) => new(PaymentKind.PasskeyRename, Guid.Empty, null, null, PasskeyId: id, PasskeyName: name);

    public static PaymentTerms RemovePasskey(string? id) => new(PaymentKind.PasskeyRemove, Guid.Empty, null, null, PasskeyId: id);

    /// <summary>Whom votes go to: a member (their custodial address) or an address; null when the member has no account.</summary>
    public static async Task<string?> DelegateeAsync(Guid? toUserId, string? toAddress, MessagingDb users, WalletKeys keys, CancellationToken ct)
    {
        if (toUserId is not { } user) return toAddress;
        var index = await users.AccountIndexAsync(user, ct);
        return index is null || keys.Wallet is not { } wallet ? null : wallet.AddressOf(index.Value);
    }

    // Only an explicit yes is part of the terms: false and absent read the same.
    static bool? Ack(bool? acknowledged) => acknowledged is true ? true : null;
}
