using System.Text.Json;
using System.Text.Json.Serialization;
using OpenChat.Chain.Wallet.Sending;

namespace OpenChat.Chain.Payments.Flow;

/// <summary>The JSON a payment kind keeps in a chat message's payload, as a record; fields it does not name are kept.</summary>
public abstract record MessagePayload
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>Whatever another writer put in the payload that this record does not name: kept, never dropped.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Other { get; init; }
}

/// <summary>
/// The part of a payment message's payload every kind carries: the wallet row's progress. Each kind's payload is a record
/// deriving from it (TransferPayload, TipPayload, EnvelopePayload); clients read the JSON, so names are camelCase and
/// fields a kind adds later (envelopeId, luckiest, refunded…) are absent until set, as before.
/// </summary>
public abstract record PaymentPayload : MessagePayload
{
    public string? Status { get; init; }
    public string? TxHash { get; init; }
    public long? BlockNumber { get; init; }
    public string? FailureReason { get; init; }

    /// <summary>This payload with the wallet row's progress.</summary>
    public T Tracking<T>(TransferView transfer) where T : PaymentPayload => (T)this with
    {
        Status = transfer.Status.ToString(), TxHash = transfer.TxHash, BlockNumber = transfer.BlockNumber, FailureReason = transfer.FailureReason,
    };
}

/// <summary>A payment that moves coins from a member (a transfer, a tip): which wallet row, how much, from and to whom.</summary>
public abstract record CoinsPayload : PaymentPayload
{
    public Guid TransferId { get; init; }
    public string Amount { get; init; } = "";
    public string Token { get; init; } = "CHAT";
    public Guid FromUserId { get; init; }
    public Guid? ToUserId { get; init; }
}
