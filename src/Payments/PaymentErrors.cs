using OpenChat.Chain.Kernel;

namespace OpenChat.Chain.Payments;

/// <summary>Payments' own refusals; codes are stable (clients and tests read them).</summary>
public static class PaymentErrors
{
    public static readonly Error NoPasskey = new("payment.no_passkey", ErrorKind.Conflict,
        "Payments are confirmed with a passkey: add one to your account first");
    public static readonly Error ConfirmationRequired = new("payment.confirmation_required", ErrorKind.Forbidden,
        "Confirm this with your passkey (or your wallet's key): POST /api/confirmations with the same terms, then send the answer as \"confirmation\"");
    public static readonly Error TermsChanged = new("payment.terms_changed", ErrorKind.Conflict,
        "The payment differs from what was confirmed; confirm it again");
    public static readonly Error BadSignature = new("confirmation.signature_invalid", ErrorKind.Forbidden,
        "The signature does not verify (malformed, or a high-s twin: EIP-2)");
    public static readonly Error NotYourKey = new("confirmation.not_your_key", ErrorKind.Forbidden, "That signature is not your wallet's");
    public static readonly Error NotYourPasskey = new("payment.not_your_passkey", ErrorKind.Forbidden, "That passkey belongs to another account");
    public static readonly Error RecipientNotInChat = new("payment.recipient_not_in_chat", ErrorKind.Invalid,
        "The recipient is not a member of this chat");
    // Issue 18: a private chat's payment card is on chain and readable; its words are not, so they go as an encrypted message.
    public static readonly Error NoteInPrivateChat = new("payment.note_in_private_chat", ErrorKind.Invalid,
        "note: in a private chat the note is sent as an encrypted message replying to the payment, never with the payment.");
    public static readonly Error GreetingInPrivateChat = NoteInPrivateChat.With(
        "greeting: in a private chat the greeting is sent as an encrypted message, never with the envelope.");
    public static readonly Error RecipientMissing = new("payment.recipient_missing", ErrorKind.Invalid,
        "Name the recipient: toUserId (a member of the chat) or toAddress (an outside address), not both");
    public static readonly Error NotAnEnvelope = new("payment.not_an_envelope", ErrorKind.NotFound);
    public static readonly Error EnvelopeNotOpen = new("envelope.not_open", ErrorKind.Conflict, "This envelope is not open yet; try again in a moment");
    public static readonly Error Kind = new("payment.invalid_kind", ErrorKind.Invalid, "The kind of action to confirm");
    public static readonly Error ChatMissing = new("payment.chat_missing", ErrorKind.Invalid, "The chat the payment is made in");
    public static readonly Error TipMessageMissing = new("tip.message_missing", ErrorKind.Invalid, "Name the message to tip");
    public static readonly Error EnvelopeSplit = new("envelope.invalid_split", ErrorKind.Invalid, "split is \"random\" or \"equal\"");
    public static readonly Error CannotTip = new("tip.not_tippable", ErrorKind.Invalid, "Only messages from other people can be tipped");
}

public static class CircleErrors
{
    public static readonly Error HoldTooLow = new("circle.hold_too_low", ErrorKind.Conflict);
    public static readonly Error AlreadyMember = new("circle.already_member", ErrorKind.Conflict,
        "You are already a member; POST /api/circles/{chatId}/renew extends a paid membership");
    public static readonly Error NotRegistered = new("circle.not_registered", ErrorKind.Conflict,
        "The circle is being registered on chain; try again in a moment");
    public static readonly Error Periods = new("circle.invalid_periods", ErrorKind.Invalid, "Pay for 1 to 10000 periods");
    public static readonly Error ExpectedPrice = new("circle.invalid_expected_price", ErrorKind.Invalid, "The price per period you were shown, in whole coins");
}
