using System.Numerics;
using Nethereum.ABI.FunctionEncoding.Attributes;
using OpenChat.Chain.Wallet.Chain;
using OpenChat.Chain.Wallet.Contracts;
using OpenChat.Chain.Wallet.Sending;
using OpenChat.Chain.Wallet.Votes;

namespace OpenChat.Chain.Governance.Governor;

/// <summary>A proposal as the governor reports it now. Times are the token's clock (seconds).</summary>
public sealed record ProposalStatus(ProposalState State, long Snapshot, long Deadline, long Eta, BigInteger Against, BigInteger For, BigInteger Abstain,
    BigInteger Quorum);

/// <summary>The governor reads governance needs, each with the usual deadline.</summary>
public static class GovernorReads
{
    public static async Task<ProposalStatus?> StatusAsync(this ChainConnection chain, BigInteger proposalId, CancellationToken ct)
    {
        var governor = chain.Web3.Eth.GetContract(ContractArtifact.ChatGovernor.Abi, chain.Contracts.Governor);
        var snapshot = await governor.GetFunction("proposalSnapshot").CallAsync<BigInteger>(proposalId).WaitAsync(ChainReads.RequestTimeout, ct);
        if (snapshot.IsZero) return null; // never proposed
        var state = await governor.GetFunction("state").CallAsync<byte>(proposalId).WaitAsync(ChainReads.RequestTimeout, ct);
        var deadline = await governor.GetFunction("proposalDeadline").CallAsync<BigInteger>(proposalId).WaitAsync(ChainReads.RequestTimeout, ct);
        var eta = await governor.GetFunction("proposalEta").CallAsync<BigInteger>(proposalId).WaitAsync(ChainReads.RequestTimeout, ct);
        var votes = await governor.GetFunction("proposalVotes").CallDeserializingToObjectAsync<VotesOutput>(proposalId).WaitAsync(ChainReads.RequestTimeout, ct);
        // quorum() looks the supply up at a past time only: before the snapshot, today's figure stands in.
        var quorumAt = BigInteger.Min(snapshot, await chain.ChainTimeAsync(ct) - 1);
        var quorum = await governor.GetFunction("quorum").CallAsync<BigInteger>(quorumAt).WaitAsync(ChainReads.RequestTimeout, ct);
        return new((ProposalState)state, (long)snapshot, (long)deadline, (long)eta, votes.Against, votes.For, votes.Abstain, quorum);
    }

    /// <summary>The governor's state of a proposal, or null when it was never proposed (one read less than a full status).</summary>
    public static async Task<ProposalState?> StateAsync(this ChainConnection chain, BigInteger proposalId, CancellationToken ct)
    {
        var governor = chain.Web3.Eth.GetContract(ContractArtifact.ChatGovernor.Abi, chain.Contracts.Governor);
        var snapshot = await governor.GetFunction("proposalSnapshot").CallAsync<BigInteger>(proposalId).WaitAsync(ChainReads.RequestTimeout, ct);
        if (snapshot.IsZero) return null;
        return (ProposalState)await governor.GetFunction("state").CallAsync<byte>(proposalId).WaitAsync(ChainReads.RequestTimeout, ct);
    }

    public static Task<BigInteger> ProposalThresholdAsync(this ChainConnection chain, CancellationToken ct) =>
        chain.Web3.Eth.GetContract(ContractArtifact.ChatGovernor.Abi, chain.Contracts.Governor)
            .GetFunction("proposalThreshold").CallAsync<BigInteger>().WaitAsync(ChainReads.RequestTimeout, ct);

    public static Task<bool> HasVotedAsync(this ChainConnection chain, BigInteger proposalId, string account, CancellationToken ct) =>
        chain.Web3.Eth.GetContract(ContractArtifact.ChatGovernor.Abi, chain.Contracts.Governor)
            .GetFunction("hasVoted").CallAsync<bool>(proposalId, account).WaitAsync(ChainReads.RequestTimeout, ct);

    [FunctionOutput]
    sealed class VotesOutput : IFunctionOutputDTO
    {
        [Parameter("uint256", "againstVotes", 1)] public BigInteger Against { get; set; }
        [Parameter("uint256", "forVotes", 2)] public BigInteger For { get; set; }
        [Parameter("uint256", "abstainVotes", 3)] public BigInteger Abstain { get; set; }
    }
}
