using System.Text.Json;

namespace OpenChat.Chain.Bench.Support;

/// <summary>What the service's /health says about its chain: the embedded anvil's RPC URL and the contracts it deployed.</summary>
public sealed record ChainFacts(long ChainId, Uri RpcUrl, IReadOnlyDictionary<string, string> Contracts, string Relayer)
{
    public string ChatCoin => Contracts["ChatCoin"];
    public string RedEnvelope => Contracts["RedEnvelope"];
    public string Forwarder => Contracts["Forwarder"];

    public static async Task<ChainFacts> ReadAsync(HttpClient service, CancellationToken ct)
    {
        var health = await Rest.GetAsync<JsonElement>(service, "health", null, ct);
        var chain = health.GetProperty("checks").GetProperty("chain").GetProperty("data");
        if (!chain.GetProperty("embedded").GetBoolean())
            throw new InvalidOperationException("The service is not on its embedded anvil: the bench needs that anvil's RPC URL");
        return new ChainFacts(
            chain.GetProperty("chainId").GetInt64(),
            new Uri(chain.GetProperty("rpcUrl").GetString()!),
            chain.GetProperty("contracts").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!),
            chain.GetProperty("relayer").GetString()!);
    }
}
