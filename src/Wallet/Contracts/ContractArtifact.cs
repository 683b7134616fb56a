using System.Collections.Concurrent;
using System.Text.Json;

namespace OpenChat.Chain.Wallet.Contracts;

/// <summary>A contract's ABI and creation bytecode, as forge wrote them to contracts/out (embedded at build time).</summary>
public sealed record ContractArtifact(string Name, string Abi, string Bytecode)
{
    static readonly ConcurrentDictionary<string, ContractArtifact> Cache = new();

    public static ContractArtifact ERC2771Forwarder => Load(nameof(ERC2771Forwarder));
    public static ContractArtifact TimelockController => Load(nameof(TimelockController));
    public static ContractArtifact ChatCoin => Load(nameof(ChatCoin));
    public static ContractArtifact ChatGovernor => Load(nameof(ChatGovernor));
    public static ContractArtifact RedEnvelope => Load(nameof(RedEnvelope));
    public static ContractArtifact CoinAgeGovernor => Load(nameof(CoinAgeGovernor));
    public static ContractArtifact ReleaseRegistry => Load(nameof(ReleaseRegistry));
    public static ContractArtifact CircleAccess => Load(nameof(CircleAccess));

    public static ContractArtifact Load(string name) => Cache.GetOrAdd(name, static name =>
    {
        using var stream = typeof(ContractArtifact).Assembly.GetManifestResourceStream($"contracts/{name}.json")
            ?? throw new InvalidOperationException($"No embedded artifact for contract {name}");
        using var json = JsonDocument.Parse(stream);
        var abi = json.RootElement.GetProperty("abi").GetRawText();
        var bytecode = json.RootElement.GetProperty("bytecode").GetProperty("object").GetString();
        if (string.IsNullOrEmpty(bytecode) || bytecode == "0x")
            throw new InvalidOperationException($"Artifact {name} has no creation bytecode (abstract contract?)");
        return new ContractArtifact(name, abi, bytecode);
    });
}
