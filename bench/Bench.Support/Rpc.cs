using System.Globalization;
using System.Net.Http.Json;
using System.Numerics;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace OpenChat.Chain.Bench.Support;

/// <summary>
/// Plain JSON-RPC to the service's anvil, from the bench: no client library between the load and the node, so the
/// baseline floods as fast as the node takes it.
/// </summary>
public sealed class Rpc(Uri url) : IDisposable
{
    readonly HttpClient _http = new(new SocketsHttpHandler { PooledConnectionLifetime = Timeout.InfiniteTimeSpan, MaxConnectionsPerServer = 64 })
    {
        Timeout = TimeSpan.FromSeconds(30),
    };
    long _id;

    public async Task<JsonElement> CallAsync(string method, JsonArray parameters, CancellationToken ct)
    {
        var body = new JsonObject
        {
            ["jsonrpc"] = "2.0", ["id"] = Interlocked.Increment(ref _id), ["method"] = method, ["params"] = parameters,
        };
        using var response = await _http.PostAsJsonAsync(url, body, ct);
        response.EnsureSuccessStatusCode();
        var answer = await response.Content.ReadFromJsonAsync<JsonElement>(ct);
        if (answer.TryGetProperty("error", out var error))
            throw new RpcException(method, error.GetProperty("message").GetString() ?? error.ToString());
        return answer.GetProperty("result");
    }

    public async Task<long> BlockNumberAsync(CancellationToken ct) => (long)Quantity(await CallAsync("eth_blockNumber", [], ct));

    /// <summary>Every receipt of one block (anvil and geth answer eth_getBlockReceipts).</summary>
    public async Task<JsonElement> BlockReceiptsAsync(long block, CancellationToken ct) => await CallAsync("eth_getBlockReceipts", [Hex(block)], ct);

    public async Task<JsonElement> BlockAsync(long block, CancellationToken ct) => await CallAsync("eth_getBlockByNumber", [Hex(block), false], ct);

    public async Task<JsonElement?> ReceiptAsync(string txHash, CancellationToken ct)
    {
        var receipt = await CallAsync("eth_getTransactionReceipt", [txHash], ct);
        return receipt.ValueKind == JsonValueKind.Null ? null : receipt;
    }

    public async Task<string> SendRawAsync(string raw, CancellationToken ct) => (await CallAsync("eth_sendRawTransaction", [raw], ct)).GetString()!;

    public async Task<BigInteger> PendingNonceAsync(string address, CancellationToken ct) =>
        Quantity(await CallAsync("eth_getTransactionCount", [address, "pending"], ct));

    /// <summary>ERC-20 balanceOf(owner) at the latest block.</summary>
    public async Task<BigInteger> TokenBalanceAsync(string token, string owner, CancellationToken ct)
    {
        var data = "0x70a08231" + owner[2..].ToLowerInvariant().PadLeft(64, '0');
        return Quantity(await CallAsync("eth_call", [new JsonObject { ["to"] = token, ["data"] = data }, "latest"], ct));
    }

    public static BigInteger Quantity(JsonElement hex) => Quantity(hex.GetString()!);

    public static BigInteger Quantity(string hex) =>
        hex is "0x" or "0x0" ? BigInteger.Zero : BigInteger.Parse("0" + hex[2..], NumberStyles.HexNumber, CultureInfo.InvariantCulture);

    public static string Hex(long value) => "0x" + value.ToString("x", CultureInfo.InvariantCulture);

    public void Dispose() => _http.Dispose();
}

public sealed class RpcException(string method, string message) : InvalidOperationException($"{method}: {message}")
{
    public string NodeMessage { get; } = message;
}
