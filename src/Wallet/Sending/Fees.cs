using System.Numerics;
using Nethereum.RPC.Eth.DTOs;
using Nethereum.Web3;

namespace OpenChat.Chain.Wallet.Sending;

/// <summary>EIP-1559 fees for our own transactions (the relayer's and the system account's).</summary>
public readonly record struct Fees(BigInteger MaxFee, BigInteger Tip)
{
    public static readonly BigInteger Gwei = 1_000_000_000;

    // EIP-1559: maxFeePerGas ≥ baseFee + tip; twice the current base fee survives six full blocks of increases.
    public static Fees At(Block block) => new((block.BaseFeePerGas?.Value ?? 0) * 2 + Gwei, Gwei);

    public static async Task<Fees> SuggestAsync(IWeb3 web3, CancellationToken ct) =>
        At(await web3.Eth.Blocks.GetBlockWithTransactionsHashesByNumber.SendRequestAsync(BlockParameter.CreateLatest()).WaitAsync(ct));

    /// <summary>
    /// A replacement must raise both fees (geth and anvil want at least 10%): +25% on <paramref name="paid"/>, or what
    /// <paramref name="suggested"/> (today's base fee) needs.
    /// </summary>
    public static Fees Bumped(Fees paid, Fees suggested)
    {
        var tip = BigInteger.Max(paid.Tip * 5 / 4 + 1, suggested.Tip);
        return new(BigInteger.Max(paid.MaxFee * 5 / 4 + 1, suggested.MaxFee - suggested.Tip + tip), tip);
    }
}
