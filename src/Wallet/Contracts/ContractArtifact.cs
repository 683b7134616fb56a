using System.Collections.Concurrent;
using System.Text.Json;
using Nethereum.ABI.FunctionEncoding;
using Nethereum.ABI.Model;
using Nethereum.Contracts;
using Nethereum.Hex.HexConvertors.Extensions;
using Nethereum.RPC.Eth.DTOs;

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
    public static ContractArtifact RewardsPool => Load(nameof(RewardsPool));
    /// <summary>Never deployed: its creation code runs in eth_call (see <see cref="Sending.ChainReads.ReadAccountsAsync"/>).</summary>
    public static ContractArtifact AccountReads => Load(nameof(AccountReads));

    /// <summary>The parsed ABI: calls are encoded and events decoded from what forge wrote, never from hand-copied classes.</summary>
    public ContractABI ContractAbi => _contractAbi ??= new ContractBuilder(Abi, "0x0").ContractABI;
    ContractABI? _contractAbi;

    /// <summary>Calldata of <paramref name="function"/>(<paramref name="args"/>); the name must not be overloaded.</summary>
    public byte[] Encode(string function, params object[] args)
    {
        var abi = ContractAbi.Functions.Single(f => f.Name == function);
        return new FunctionCallEncoder().EncodeRequest(abi.Sha3Signature, abi.InputParameters, args).HexToByteArray();
    }

    /// <summary>The arguments of the first <paramref name="eventName"/> this contract emitted in <paramref name="logs"/>, by name.</summary>
    public IReadOnlyDictionary<string, object>? FirstEvent(string eventName, IEnumerable<FilterLog> logs)
    {
        var abi = ContractAbi.Events.Single(e => e.Name == eventName);
        var log = logs.FirstOrDefault(l => l.Topics is { Length: > 0 } topics && abi.Sha3Signature.IsTheSameHex(topics[0]?.ToString()));
        return log is null ? null : abi.DecodeEventDefaultTopics(log).Event.ToDictionary(p => p.Parameter.Name, p => p.Result);
    }

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
