using System.Numerics;
using OpenChat.Chain.Wallet.Chain;
using OpenChat.Chain.Wallet.Contracts;
using OpenChat.Chain.Wallet.Sending;

namespace OpenChat.Chain.Wallet.Votes;

/// <summary>The voting-power and clock reads of the token and governor that wallet-side features need (voting activation, held circles).</summary>
public static class VotingReads
{
    /// <summary>Voting power of <paramref name="account"/> at <paramref name="timepoint"/> (a past time), as the governor counts it.</summary>
    public static Task<BigInteger> VotesAtAsync(this ChainConnection chain, string account, long timepoint, CancellationToken ct) =>
        chain.Web3.Eth.GetContract(ContractArtifact.ChatGovernor.Abi, chain.Contracts.Governor)
            .GetFunction("getVotes").CallAsync<BigInteger>(account, new BigInteger(timepoint)).WaitAsync(ChainReads.RequestTimeout, ct);

    public static Task<string> DelegateOfAsync(this ChainConnection chain, string account, CancellationToken ct) =>
        chain.Web3.Eth.GetContract(ContractArtifact.ChatCoin.Abi, chain.Contracts.ChatCoin)
            .GetFunction("delegates").CallAsync<string>(account).WaitAsync(ChainReads.RequestTimeout, ct);

    /// <summary>The latest block's timestamp: "now" on the governor's clock.</summary>
    public static async Task<long> ChainTimeAsync(this ChainConnection chain, CancellationToken ct)
    {
        var block = await chain.Web3.Eth.Blocks.GetBlockWithTransactionsHashesByNumber
            .SendRequestAsync(Nethereum.RPC.Eth.DTOs.BlockParameter.CreateLatest()).WaitAsync(ChainReads.RequestTimeout, ct);
        return (long)block.Timestamp.Value;
    }
}
