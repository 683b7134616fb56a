using System.Numerics;
using Nethereum.ABI.FunctionEncoding.Attributes;
using OpenChat.Chain.Wallet.Chain;
using OpenChat.Chain.Wallet.Contracts;
using OpenChat.Chain.Wallet.Sending;

namespace OpenChat.Chain.Wallet.Circles;

/// <summary>A circle as CircleAccess has it now: the chain is the truth of who paid until when.</summary>
public sealed record CircleState(string Owner, BigInteger Price, string Payout, ulong Period, ulong ClosedAt)
{
    public bool Exists => Owner.TrimStart('0', 'x').Length > 0;
    public bool Closed => ClosedAt > 0;

    public static async Task<CircleState> ReadAsync(ChainConnection chain, BigInteger circleId, CancellationToken ct)
    {
        var c = await Contract(chain).GetFunction("circle").CallDeserializingToObjectAsync<CircleOutput>(circleId).WaitAsync(ChainReads.RequestTimeout, ct);
        return new(c.Value.Owner ?? "", c.Value.Price, c.Value.Payout ?? "", c.Value.Period, c.Value.ClosedAt);
    }

    /// <summary>Unix seconds until which <paramref name="member"/> belongs to the circle (0: never paid).</summary>
    public static Task<ulong> ExpiryOfAsync(ChainConnection chain, BigInteger circleId, string member, CancellationToken ct) =>
        Contract(chain).GetFunction("expiryOf").CallAsync<ulong>(circleId, member).WaitAsync(ChainReads.RequestTimeout, ct);

    static Nethereum.Contracts.Contract Contract(ChainConnection chain) =>
        chain.Web3.Eth.GetContract(ContractArtifact.CircleAccess.Abi, chain.Contracts.CircleAccess);

    [FunctionOutput]
    sealed class CircleOutput : IFunctionOutputDTO
    {
        [Parameter("tuple", "", 1)] public CircleStruct Value { get; set; } = new();
    }

    sealed class CircleStruct
    {
        [Parameter("address", "owner", 1)] public string? Owner { get; set; }
        [Parameter("uint96", "price", 2)] public BigInteger Price { get; set; }
        [Parameter("address", "payout", 3)] public string? Payout { get; set; }
        [Parameter("uint48", "period", 4)] public ulong Period { get; set; }
        [Parameter("uint48", "closedAt", 5)] public ulong ClosedAt { get; set; }
    }
}
