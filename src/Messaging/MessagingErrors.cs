using OpenChat.Chain.Kernel;

namespace OpenChat.Chain.Messaging;

/// <summary>Every expected failure of the Messaging context, with its stable code.</summary>
public static class MessagingErrors
{
    public static readonly Error UserNotFound = new("user.not_found", ErrorKind.NotFound);
    public static readonly Error HandleTaken = new("user.handle_taken", ErrorKind.Conflict, "That name is taken.");
    public static readonly Error AddressTaken = new("user.address_taken", ErrorKind.Conflict, "That Ethereum address already has an account.");

    // A chat the caller is not in answers exactly like a chat that does not exist: its existence is not leaked.
    public static readonly Error PaymentChangedMeanwhile = new("message.payment_changed", ErrorKind.Conflict,
        "The payment message changed since it was read; read it again");
    public static readonly Error ChatNotFound = new("chat.not_found", ErrorKind.NotFound);
    public static readonly Error NotAMember = ChatNotFound;
    public static readonly Error NotAllowed = new("chat.not_allowed", ErrorKind.Forbidden, "Your role in this chat does not allow that.");
    public static readonly Error DirectChatWithSelf = new("chat.direct_with_self", ErrorKind.Invalid, "A direct chat needs another person.");
    public static readonly Error NotAGroup = new("chat.not_group", ErrorKind.Invalid, "Only groups have members to invite or remove.");
    public static readonly Error GroupFull = new("chat.group_full", ErrorKind.Conflict);
    public static readonly Error InviteNotFound = new("chat.invite_not_found", ErrorKind.NotFound, "This invite link is not valid any more.");
    public static readonly Error OwnerCannotLeave = new("chat.owner_cannot_leave", ErrorKind.Conflict, "Hand ownership to another member before leaving.");
    public static readonly Error PinLimit = new("chat.pin_limit", ErrorKind.Conflict,
        $"pinned: at most {Chats.ChatMember.MaxPinned} chats can be pinned; unpin one first.");
    public static readonly Error AlreadyMember = new("chat.already_member", ErrorKind.Conflict);

    public static readonly Error MessageNotFound = new("message.not_found", ErrorKind.NotFound);
    public static readonly Error NotTheSender = new("message.not_sender", ErrorKind.Forbidden, "Only the sender can do that.");
    public static readonly Error MessageDeleted = new("message.deleted", ErrorKind.Conflict, "The message was deleted.");
    public static readonly Error ReplyTargetNotFound = new("message.reply_not_found", ErrorKind.Invalid, "The message replied to is not in this chat.");
    public static readonly Error MediaNotFound = new("media.not_found", ErrorKind.NotFound);
    // One answer for "no such file", "someone else's file" and "not an image": the id's existence is not leaked.
    public static readonly Error AvatarNotYours = new("user.avatar_not_yours", ErrorKind.Invalid,
        "avatarMediaId: an avatar is an image you uploaded yourself (POST /api/media).");
    public static readonly Error MediaTooLarge = new("media.too_large", ErrorKind.Invalid);
    public static readonly Error MediaTypeNotAllowed = new("media.type_not_allowed", ErrorKind.Invalid);
    public static readonly Error CircleNotFound = new("circle.not_found", ErrorKind.NotFound, "This group has no access rule.");
    public static readonly Error CircleClosed = new("circle.closed", ErrorKind.Conflict, "This circle is closed.");
    public static readonly Error CircleTermsOnChain = new("circle.terms_on_chain", ErrorKind.Conflict,
        "A registered circle's price changes through PUT /api/circles/{chatId}/price; its period is fixed.");
    public static readonly Error CircleRuleApplies = new("circle.rule_applies", ErrorKind.Forbidden,
        "This circle admits by its rule (invitation, payment or holding): see GET /api/circles/{chatId}.");
    // Private chats (issue 18): the service relays MLS ciphertext and never accepts what a buggy client would leak.
    public static readonly Error PlaintextInPrivateChat = new("message.plaintext_in_private_chat", ErrorKind.Invalid,
        "text: a private chat takes only ciphertext (its text is encrypted on the device); send it in ciphertext.");
    public static readonly Error CiphertextInPlainChat = new("message.ciphertext_in_plain_chat", ErrorKind.Invalid,
        "ciphertext: only a private chat takes ciphertext.");
    public static readonly Error MediaNotEncrypted = new("media.not_encrypted", ErrorKind.Invalid,
        "mediaIds: a private chat takes only files encrypted on the device (POST /api/media?encrypted=true).");
    public static readonly Error EncryptedMediaInPlainChat = new("media.encrypted_in_plain_chat", ErrorKind.Invalid,
        "mediaIds: a file encrypted on a device goes only into a private chat's encrypted message.");
    public static readonly Error PrivateMembersFixed = new("chat.private_members_fixed", ErrorKind.Conflict,
        "A private group's members are fixed at creation in this version: its devices' keys are agreed when it is made.");
    public static readonly Error NotForwardable = new("message.not_forwardable", ErrorKind.Invalid,
        "Messages of a private chat cannot be forwarded by the service: it cannot read them.");
    public static readonly Error NoSuchDevice = new("keys.device_unknown", ErrorKind.NotFound);
    public static readonly Error KeyStockFull = new("keys.stock_full", ErrorKind.Conflict,
        $"keyPackages: a device keeps at most {Keys.KeyPackage.MaxPerDevice} key packages.");
    public static readonly Error RateLimited = new("rate.limited", ErrorKind.TooManyRequests, "Too many messages; slow down.");
}
