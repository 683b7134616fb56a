using System.Numerics;
using Nethereum.ABI.FunctionEncoding.Attributes;
using OpenChat.Chain.Wallet.Chain;
using OpenChat.Chain.Wallet.Contracts;
using OpenChat.Chain.Wallet.Sending;

namespace OpenChat.Chain.Wallet.Envelopes;

/// <summary>An envelope as the chain has it now, and whether one account has claimed from it. Creator null: no such envelope.</summary>
public sealed record EnvelopeState(string? Creator, DateTimeOffset ExpiresAt, uint Shares, uint SharesLeft, BigInteger Total, BigInteger Remaining, bool Claimed)
{
    public static async Task<EnvelopeState> ReadAsync(ChainConnection chain, BigInteger id, string account, CancellationToken ct)
    {
        var contract = chain.Web3.Eth.GetContract(ContractArtifact.RedEnvelope.Abi, chain.Contracts.RedEnvelope);
        var e = await contract.GetFunction("envelope").CallDeserializingToObjectAsync<EnvelopeOutput>(id).WaitAsync(ChainReads.RequestTimeout, ct);
        var claimed = await contract.GetFunction("hasClaimed").CallAsync<bool>(id, account).WaitAsync(ChainReads.RequestTimeout, ct);
        var creator = e.Value.Creator is null || e.Value.Creator.TrimStart('0', 'x').Length == 0 ? null : e.Value.Creator; // never created
        return new(creator, DateTimeOffset.FromUnixTimeSeconds((long)e.Value.ExpiresAt), e.Value.Shares, e.Value.SharesLeft, e.Value.Total, e.Value.Remaining, claimed);
    }

    [FunctionOutput]
    sealed class EnvelopeOutput : IFunctionOutputDTO
    {
        [Parameter("tuple", "", 1)] public EnvelopeStruct Value { get; set; } = new();
    }

    sealed class EnvelopeStruct
    {
        [Parameter("address", "creator", 1)] public string? Creator { get; set; }
        [Parameter("uint64", "expiresAt", 2)] public ulong ExpiresAt { get; set; }
        [Parameter("uint32", "shares", 3)] public uint Shares { get; set; }
        [Parameter("uint8", "mode", 4)] public byte Mode { get; set; }
        [Parameter("address", "token", 5)] public string? Token { get; set; }
        [Parameter("address", "gatekeeper", 6)] public string? Gatekeeper { get; set; }
        [Parameter("uint96", "minShare", 7)] public BigInteger MinShare { get; set; }
        [Parameter("uint112", "total", 8)] public BigInteger Total { get; set; }
        [Parameter("uint112", "remaining", 9)] public BigInteger Remaining { get; set; }
        [Parameter("uint32", "sharesLeft", 10)] public uint SharesLeft { get; set; }
    }
}
