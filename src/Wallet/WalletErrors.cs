using OpenChat.Chain.Kernel;

namespace OpenChat.Chain.Wallet;

public static class WalletErrors
{
    public static readonly Error InvalidAddress = new("wallet.invalid_address", ErrorKind.Invalid,
        "An address is 0x followed by 40 hexadecimal digits and is not the zero address");
    public static readonly Error AddressChecksum = new("wallet.address_checksum", ErrorKind.Invalid,
        "The address mixes upper and lower case but its EIP-55 checksum does not match: check for a typo");
    public static readonly Error InvalidAmount = new("wallet.invalid_amount", ErrorKind.Invalid,
        "An amount is a positive decimal number of whole coins, e.g. \"12.5\"");
    public static readonly Error PageOutOfRange = new("wallet.page_out_of_range", ErrorKind.Invalid,
        "page is 1 to 10,000 and pageSize 1 to 10,000 (a page holds at most 100 entries)");
    public static readonly Error AmountTooPrecise = new("wallet.amount_too_precise", ErrorKind.Invalid,
        "ChatCoin has 18 decimals: an amount cannot be finer than 0.000000000000000001");
    public static readonly Error UnknownToken = new("wallet.unknown_token", ErrorKind.Invalid, "The only token is CHAT (ChatCoin)");
    public static readonly Error IdempotencyKeyMissing = new("wallet.idempotency_key_missing", ErrorKind.Invalid,
        "Send an Idempotency-Key header (1 to 100 characters, e.g. a UUID) so that a retry cannot pay twice");
    public static readonly Error IdempotencyKeyReused = new("wallet.idempotency_key_reused", ErrorKind.Conflict,
        "This Idempotency-Key was used for a different transfer");
    public static readonly Error InsufficientBalance = new("wallet.insufficient_balance", ErrorKind.Conflict);
    public static readonly Error TransferNotFound = new("wallet.transfer_not_found", ErrorKind.NotFound);
    public static readonly Error ExportNotConfirmed = new("wallet.export_not_confirmed", ErrorKind.Invalid,
        "To export your private key, send your own wallet address as \"confirmAddress\"");
    public static readonly Error ChainUnavailable = new("wallet.chain_unavailable", ErrorKind.Unavailable,
        "The chain does not answer; try again shortly");
    public static readonly Error KeysUnavailable = new("wallet.keys_unavailable", ErrorKind.Unavailable,
        "The wallet's keys are not loaded; see /health");

    public static readonly Error TipToSelf = new("tip.to_self", ErrorKind.Invalid, "You cannot tip your own message");
    public static readonly Error EnvelopeShares = new("envelope.invalid_shares", ErrorKind.Invalid);
    public static readonly Error EnvelopeTotalTooSmall = new("envelope.total_too_small", ErrorKind.Invalid);
    public static readonly Error EnvelopeExpiryInPast = new("envelope.expiry_in_past", ErrorKind.Invalid, "The expiry must be in the future");
    public static readonly Error EnvelopeExpiryTooFar = new("envelope.expiry_too_far", ErrorKind.Invalid, "An envelope lasts at most 30 days");
    public static readonly Error EnvelopeNotFound = new("envelope.not_found", ErrorKind.NotFound);
    public static readonly Error EnvelopeAlreadyClaimed = new("envelope.already_claimed", ErrorKind.Conflict, "You have already opened this envelope");
    public static readonly Error EnvelopeExpired = new("envelope.expired", ErrorKind.Conflict, "This envelope has expired");
    public static readonly Error EnvelopeEmpty = new("envelope.empty", ErrorKind.Conflict, "Every share of this envelope has been claimed");
    public static readonly Error CirclePeriod = new("circle.invalid_period", ErrorKind.Invalid, "A period is a positive number of seconds");
    // The chain's view of a circle; the chat's rule has its own codes in Messaging (circle.not_found, circle.closed), which
    // a client meets first: these surface only when the contract disagrees with the chat (e.g. closed on chain a moment ago).
    public static readonly Error CircleNotFound = new("circle.not_on_chain", ErrorKind.NotFound, "The chain has no circle with this id");
    public static readonly Error CircleClosed = new("circle.closed_on_chain", ErrorKind.Conflict, "This circle is closed on chain");
    public static readonly Error CircleNotOwner = new("circle.not_owner", ErrorKind.Forbidden, "Only the circle's owner can do that");
    public static readonly Error CircleTooManyMembers = new("circle.too_many_members", ErrorKind.Invalid,
        "One settlement carries at most 40 members; settle the rest in another");
    public static readonly Error CircleTermsChanged = new("circle.terms_changed", ErrorKind.Conflict);
}
