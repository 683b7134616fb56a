using System.Globalization;
using System.Text;
using System.Text.Json;
using OpenChat.Chain.Wallet.Transfers;

namespace OpenChat.Chain.Payments.Custody;

/// <summary>
/// Every kind of action the owner confirms: the chat payments, the threshold, and (since the custody work) every other
/// movement of value or authority: wallet transfers and withdrawals, key export, delegation and device changes.
/// </summary>
public enum PaymentKind { Transfer, Tip, Envelope, Threshold, Circle, WalletTransfer, Withdraw, ExportKey, Delegate, PasskeyAdd, PasskeyRename, PasskeyRemove }

/// <summary>
/// Everything a payment's passkey confirmation binds: what kind, how much of which token, to whom (a member, an outside
/// address, a message's author) or on which envelope terms, in which chat, under which idempotency key. The same record
/// is built from the confirmation request and from the payment request; the challenge the authenticator signs is
/// derived from its <see cref="Canonical"/> text, so a confirmation cannot be spent on anything else.
/// </summary>
public sealed record PaymentTerms(
    PaymentKind Kind, Guid ChatId, string? Amount, string? IdempotencyKey, Guid? ToUserId = null, string? ToAddress = null,
    Guid? MessageId = null, int? Shares = null, string? Split = null, DateTimeOffset? ExpiresAt = null, string? Token = "CHAT",
    string? Note = null, long? Periods = null, string? Price = null, string? CircleId = null, long? PeriodSeconds = null,
    IReadOnlyList<string>? Members = null, string? Delegatee = null, string? PasskeyId = null, string? PasskeyName = null,
    bool? AcknowledgeContractRecipient = null)
{
    static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>
    /// One line per field that moves money, amounts normalised ("1.50" and "1.5" are the same payment), absent fields
    /// omitted. The note (a message's text) is not bound: it moves nothing; a tip's author is named by its message.
    /// </summary>
    /// <remarks>One line per field, amounts normalised ("1.50" and "1.5" are the same payment), absent fields omitted.</remarks>
    public string Canonical()
    {
        // The chat payments keep their v1 header, so confirmations already handed out stay valid across the upgrade.
        var text = new StringBuilder(IsChatPayment ? "OpenChat.Chain payment v1\n" : "OpenChat.Chain confirmation v1\n");
        text.Append("kind: ").Append(KindName).Append('\n');
        if (IsChatPayment) text.Append("chat: ").Append(ChatId.ToString("D")).Append('\n');
        if (MovesCoins || IsChatPayment) text.Append("token: ").Append((Token ?? "CHAT").ToUpperInvariant()).Append('\n');
        if (Kind == PaymentKind.Withdraw) text.Append("amount: everything\n");
        else if (MovesCoins || IsChatPayment)
        {
            var amount = Coins.Parse(Amount);
            text.Append("amount: ").Append(amount.IsSuccess ? Coins.Format(amount.Value) : Amount).Append('\n');
        }
        if (ToUserId is { } user && Kind != PaymentKind.Tip) text.Append("to-user: ").Append(user.ToString("D")).Append('\n');
        if (ToAddress is { } address) text.Append("to-address: ").Append(address.ToLowerInvariant()).Append('\n');
        if (AcknowledgeContractRecipient is true) text.Append("recipient-is-contract: acknowledged\n");
        if (Delegatee is { } delegatee) text.Append("delegatee: ").Append(delegatee.ToLowerInvariant()).Append('\n');
        if (PasskeyId is { } passkey) text.Append("passkey: ").Append(passkey).Append('\n');
        if (PasskeyName is { } name) text.Append("passkey-name: ").Append(name).Append('\n');
        if (MessageId is { } message) text.Append("message: ").Append(message.ToString("D")).Append('\n');
        if (Shares is { } shares) text.Append("shares: ").Append(shares.ToString(CultureInfo.InvariantCulture)).Append('\n');
        if (Split is { } split) text.Append("split: ").Append(split.ToLowerInvariant()).Append('\n');
        if (CircleId is { } circle) text.Append("circle: ").Append(circle).Append('\n');
        if (Periods is { } periods) text.Append("periods: ").Append(periods.ToString(CultureInfo.InvariantCulture)).Append('\n');
        if (Price is { } price) text.Append("price-per-period: ").Append(Coins.Parse(price) is { IsSuccess: true } p ? Coins.Format(p.Value) : price).Append('\n');
        if (ExpiresAt is { } expires) text.Append("expires: ").Append(expires.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture)).Append('\n');
        text.Append("idempotency-key: ").Append(IdempotencyKey).Append('\n');
        return text.ToString();
    }

    /// <summary>Kinds made from a chat (or the threshold, which predates the others): their canonical text is unchanged.</summary>
    bool IsChatPayment => Kind is PaymentKind.Transfer or PaymentKind.Tip or PaymentKind.Envelope or PaymentKind.Threshold or PaymentKind.Circle;

    /// <summary>Kinds that move a stated amount of CHAT out of the account.</summary>
    public bool MovesCoins => Kind is PaymentKind.Transfer or PaymentKind.Tip or PaymentKind.Envelope or PaymentKind.Circle or PaymentKind.WalletTransfer;

    string KindName => Kind switch
    {
        PaymentKind.WalletTransfer => "wallet-transfer",
        PaymentKind.ExportKey => "export-key",
        PaymentKind.PasskeyAdd => "passkey-add",
        PaymentKind.PasskeyRename => "passkey-rename",
        PaymentKind.PasskeyRemove => "passkey-remove",
        _ => Kind.ToString().ToLowerInvariant(),
    };

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    public static PaymentTerms FromJson(string json) => JsonSerializer.Deserialize<PaymentTerms>(json, Json)
        ?? throw new InvalidOperationException("unreadable payment terms");
}
