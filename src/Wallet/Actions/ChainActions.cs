using System.Globalization;
using System.Text.Json;
using OpenChat.Chain.Wallet.Sending;

namespace OpenChat.Chain.Wallet.Actions;

/// <summary>Every registered <see cref="IChainAction"/>, by kind; a kind without one is our bug and throws.</summary>
public sealed class ChainActions
{
    static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    readonly Dictionary<TransferKind, IChainAction> _byKind;

    public ChainActions(IEnumerable<IChainAction> actions) => _byKind = actions.ToDictionary(a => a.Kind);

    public IChainAction this[TransferKind kind] =>
        _byKind.TryGetValue(kind, out var action) ? action : throw new InvalidOperationException($"No chain action is registered for {kind}");

    public IReadOnlyCollection<IChainAction> All => _byKind.Values;

    /// <summary>A decoded event argument as the outbox keeps outcomes: a number in invariant digits.</summary>
    public static string? Text(object? value) => value is IFormattable number ? number.ToString(null, CultureInfo.InvariantCulture) : value?.ToString();

    /// <summary>An action's details as the outbox row keeps them (camelCase JSON).</summary>
    public static string Serialize<T>(T details) => JsonSerializer.Serialize(details, Json);

    public static T Read<T>(OutgoingTransfer row) =>
        JsonSerializer.Deserialize<T>(row.Details ?? throw new InvalidOperationException($"Transfer {row.Id} has no details"), Json)
        ?? throw new InvalidOperationException($"Transfer {row.Id}: unreadable details");
}
