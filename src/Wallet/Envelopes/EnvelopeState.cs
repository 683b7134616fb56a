using System.Numerics;
using Nethereum.ABI.FunctionEncoding.Attributes;
using OpenChat.Chain.Wallet.Chain;
using OpenChat.Chain.Wallet.Contracts;
using OpenChat.Chain.Wallet.Sending;

namespace OpenChat.Chain.Wallet.Envelopes;

/// <summary>
/// An envelope as the chain has it now, and whether one account has claimed from it. Creator null: no such envelope.
/// For a Fair one, <see cref="ClosedAt"/> is the block that closed its claims (0 while open) and <see cref="Settled"/> whether
/// its claimers were paid (by the reveal or the equal settlement).
/// </summary>
public sealed record EnvelopeState(string? Creator, DateTimeOffset ExpiresAt, uint Shares, uint SharesLeft, BigInteger Total, BigInteger Remaining, bool Claimed,
    bool Fair = false, ulong ClosedAt = 0, bool Settled = false)
{
    /// <summary>A Fair envelope with claims whose draw has not paid them yet: its remainder still holds their shares (no refund).</summary>
    public bool AwaitsDraw => Fair && SharesLeft != Shares && !Settled;

    public static async Task<EnvelopeState> ReadAsync(ChainConnection chain, BigInteger id, string account, CancellationToken ct)
    {
        var contract = chain.Web3.Eth.GetContract(ContractArtifact.RedEnvelope.Abi, chain.Contracts.RedEnvelope);
        var e = await contract.GetFunction("envelope").CallDeserializingToObjectAsync<EnvelopeOutput>(id).WaitAsync(ChainReads.RequestTimeout, ct);
        var claimed = await contract.GetFunction("hasClaimed").CallAsync<bool>(id, account).WaitAsync(ChainReads.RequestTimeout, ct);
        var creator = e.Value.Creator is null || e.Value.Creator.TrimStart('0', 'x').Length == 0 ? null : e.Value.Creator; // never created
        var state = new EnvelopeState(creator, DateTimeOffset.FromUnixTimeSeconds((long)e.Value.ExpiresAt), e.Value.Shares, e.Value.SharesLeft,
            e.Value.Total, e.Value.Remaining, claimed);
        if (e.Value.Mode != FairMode) return state;
        var draw = await contract.GetFunction("draw").CallDeserializingToObjectAsync<DrawOutput>(id).WaitAsync(ChainReads.RequestTimeout, ct);
        return state with { Fair = true, ClosedAt = draw.Value.ClosedAt, Settled = draw.Value.Settled };
    }

    const byte FairMode = 2; // IRedEnvelope.SplitMode.Fair

    // The contract's envelope(id) and draw(id) views, read here and by VerifyEnvelope.
    [FunctionOutput]
    internal sealed class DrawOutput : IFunctionOutputDTO
    {
        [Parameter("tuple", "", 1)] public DrawStruct Value { get; set; } = new();
    }

    internal sealed class DrawStruct
    {
        [Parameter("bytes32", "seedHash", 1)] public byte[] SeedHash { get; set; } = [];
        [Parameter("bytes32", "randomness", 2)] public byte[] Randomness { get; set; } = [];
        [Parameter("uint64", "closedAt", 3)] public ulong ClosedAt { get; set; }
        [Parameter("bool", "settled", 4)] public bool Settled { get; set; }
    }

    [FunctionOutput]
    internal sealed class EnvelopeOutput : IFunctionOutputDTO
    {
        [Parameter("tuple", "", 1)] public EnvelopeStruct Value { get; set; } = new();
    }

    internal sealed class EnvelopeStruct
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
