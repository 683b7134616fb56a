using System.Text.Json.Nodes;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using OpenChat.Chain.Messaging.Chats;
using OpenChat.Chain.Messaging.Circles;
using OpenChat.Chain.Messaging.Messages;
using OpenChat.Chain.Messaging.Sync;
using OpenChat.Chain.Governance.Governor;

namespace OpenChat.Chain.Api.OpenApi;

/// <summary>
/// What the C# types cannot say by themselves: views that carry an enumeration as a plain string get its values, and
/// the fields that hold JSON text or opaque options say what is inside. Keyed by view name, so a view that moves to
/// another project keeps its description.
/// </summary>
public sealed class SchemaDescriptions : IOpenApiSchemaTransformer
{
    static readonly Dictionary<(string View, string Property), Type> StringEnums = new()
    {
        [("MessageView", "kind")] = typeof(MessageKind),
        [("ChatUpdateView", "kind")] = typeof(UpdateKind),
        [("MemberView", "role")] = typeof(ChatRole),
        [("ChatView", "kind")] = typeof(ChatKind),
        [("ChatSummary", "kind")] = typeof(ChatKind),
        [("CircleView", "access")] = typeof(CircleAccess),
        [("ProposalView", "state")] = typeof(ProposalState),
        [("VoteView", "support")] = typeof(VoteSupport),
    };

    static readonly Dictionary<(string View, string Property), string> Fields = new()
    {
        [("MessageView", "payload")] =
            "JSON text for payment messages, null otherwise. By `kind`: **Transfer** `{transferId, amount, token, fromUserId, toUserId, to, " +
            "status, txHash, blockNumber, failureReason}`; **Tip** the same with `messageId` (the tipped message) instead of `to`; " +
            "**RedEnvelope** `{transferId, total, token, shares, split, expiresAt, claims: [{userId, amount, units, txHash}], claimed, status, " +
            "txHash, blockNumber, failureReason}`. `status` is a transfer status (Requested, Signed, Broadcast, Confirmed, Failed); amounts are " +
            "decimal strings of whole coins.",
        [("MessageView", "sequence")] = "The message's place in its chat, from 1, without gaps: receipts and paging count in it",
        [("MessageView", "clientMessageId")] = "The sender's own id for the message: a retry with the same id is stored once",
        [("CeremonyOptions", "options")] =
            "WebAuthn options (PublicKeyCredentialCreationOptions for sign-up, PublicKeyCredentialRequestOptions for sign-in) in their " +
            "JSON form, with binary fields base64url-encoded; decode them before `navigator.credentials.create()` / `.get()`",
        [("PaymentConfirmationOptions", "options")] =
            "For `method` \"passkey\": WebAuthn PublicKeyCredentialRequestOptions (base64url fields) whose challenge binds the terms; for " +
            "\"eip712\": the EIP-712 typed data (`Confirmation(string terms, string nonce)`) to sign with the account's own key",
        [("ChatUpdateView", "id")] = "The update's number: resume with `GET /api/sync?after=` the last one seen",
        [("ChatSummary", "archived")] = "Shown in the \"Archived\" row: archived, and no newer message since (or muted)",
        [("ChatSummary", "pinnedAt")] = "When you pinned the chat; pinned chats come first, the latest pinned on top",
        [("ChatSettingsView", "archivedAt")] = "When you archived the chat; it still shows in the list once a newer message arrives, unless muted",
        [("ChatSettingsBody", "pinned")] = $"Pin (true) or unpin (false); at most {ChatMember.MaxPinned} pinned chats",
        [("MemberView", "deliveredUpTo")] = "The member's devices have received every message up to this sequence",
        [("MemberView", "readUpTo")] = "The member has read every message up to this sequence",
    };

    static readonly Dictionary<string, string> Views = new()
    {
        ["MessageView"] = "A message as every member sees it; a deleted message keeps its place with no text.",
        ["ChatUpdateView"] = "One change, pushed live over the hub or read from `GET /api/sync`, numbered so a device resumes where it stopped.",
        ["ChatSummary"] = "A chat in the signed-in user's list: its last message and how many are unread.",
        ["ChatSettingsView"] = "Your own settings of a chat: muted (no notifications), pinned, archived. Nobody else sees them.",
        ["ChatSettingsBody"] = "The settings to change; a field left out (or null) stays as it is.",
        ["ChatView"] = "A chat with its members and their receipts.",
        ["MemberView"] = "A member of a chat and how far their receipts have come.",
        ["UserView"] = "A person: what others see of them.",
        ["TransferView"] = "An outgoing ChatCoin movement as its sender sees it; `txHash` appears once it is sent.",
        ["HistoryEntry"] = "One movement in or out of the wallet.",
        ["MessageReceiptsView"] = "A message's info: for each other member of its chat, whether and when they received and read it.",
        ["MemberReceiptView"] = "One member's receipt of a message; a time is null when they got there before times were kept.",
        ["ProblemDetails"] = "An expected failure: see the `Problem` schema for its stable `code`.",
    };

    public Task TransformAsync(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken ct)
    {
        var view = context.JsonTypeInfo.Type.Name;
        if (Views.TryGetValue(view, out var about) && string.IsNullOrEmpty(schema.Description)) schema.Description = about;
        if (schema.Properties is null) return Task.CompletedTask;
        foreach (var (name, property) in schema.Properties)
        {
            if (property is not OpenApiSchema inline) continue;
            if (StringEnums.TryGetValue((view, name), out var values))
                inline.Enum = [.. Enum.GetNames(values).Select(n => (JsonNode)JsonValue.Create(n))];
            if (Fields.TryGetValue((view, name), out var text)) inline.Description = text;
        }
        return Task.CompletedTask;
    }
}
