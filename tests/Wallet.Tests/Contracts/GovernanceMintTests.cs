using System.Numerics;
using System.Text;
using Nethereum.Hex.HexConvertors.Extensions;
using Nethereum.Util;
using OpenChat.Chain.Tests.Support;
using OpenChat.Chain.Wallet.Contracts;

namespace OpenChat.Chain.Wallet.Tests.Contracts;

/// <summary>ChatCoin is minted only through governance: propose → vote → queue → timelock delay → execute.</summary>
[Collection(ChainClockCollection.Name)]
public sealed class GovernanceMintTests(AnvilFixture chain)
{
    // IGovernor.ProposalState, in the Governor's order.
    const byte Defeated = 3, Succeeded = 4, Queued = 5, Executed = 7;
    const byte Against = 0, For = 1;

    [Fact]
    public async Task MintProposal_PassedQueuedAndExecuted_MintsToContributor()
    {
        var alice = await chain.NewActorAsync("alice", coins: 3_000_000);
        var bob = await chain.NewActorAsync("bob", coins: 2_000_000);
        var carol = await chain.NewActorAsync("carol", coins: 1_000_000);
        var contributor = await chain.NewActorAsync("contributor", withGas: false);
        await Task.WhenAll(alice.DelegateToSelfAsync(chain), bob.DelegateToSelfAsync(chain), carol.DelegateToSelfAsync(chain));
        await chain.AdvanceTimeAsync(1); // the Governor reads the proposer's votes at clock() - 1
        var supplyBefore = await alice.CallAsync<BigInteger>(chain.Contracts.ChatCoin, ContractArtifact.ChatCoin, "totalSupply");

        var proposal = MintProposal(contributor.Address, AnvilFixture.Coins(5_000), $"Reward contributor {Guid.NewGuid()}");
        var id = await proposal.ProposeAsync(alice, chain);
        await chain.AdvanceTimeAsync(AnvilFixture.Settings.VotingDelaySeconds + 1);
        await Task.WhenAll(proposal.VoteAsync(alice, id, For, chain), proposal.VoteAsync(bob, id, For, chain),
            proposal.VoteAsync(carol, id, Against, chain));
        await chain.AdvanceTimeAsync(AnvilFixture.Settings.VotingPeriodSeconds + 1);
        Assert.Equal(Succeeded, await proposal.StateAsync(alice, id, chain));

        await proposal.QueueAsync(carol, chain);
        Assert.Equal(Queued, await proposal.StateAsync(alice, id, chain));
        await chain.AdvanceTimeAsync(AnvilFixture.Settings.TimelockDelaySeconds + 1);
        await proposal.ExecuteAsync(bob, chain);

        Assert.Equal(Executed, await proposal.StateAsync(alice, id, chain));
        Assert.Equal(AnvilFixture.Coins(5_000), await contributor.CoinBalanceAsync());
        Assert.Equal(supplyBefore + AnvilFixture.Coins(5_000),
            await alice.CallAsync<BigInteger>(chain.Contracts.ChatCoin, ContractArtifact.ChatCoin, "totalSupply"));
    }

    [Fact]
    public async Task MintProposal_BelowQuorum_IsDefeatedAndCannotBeQueued()
    {
        // Quorum is 4% of the supply at the snapshot (over 4,000,000 CHAT); 1,000,000 For is not enough.
        var carol = await chain.NewActorAsync("carol", coins: 1_000_000);
        var contributor = await chain.NewActorAsync("contributor", withGas: false);
        await carol.DelegateToSelfAsync(chain);
        await chain.AdvanceTimeAsync(1);

        var proposal = MintProposal(contributor.Address, AnvilFixture.Coins(5_000), $"Underdog {Guid.NewGuid()}");
        var id = await proposal.ProposeAsync(carol, chain);
        await chain.AdvanceTimeAsync(AnvilFixture.Settings.VotingDelaySeconds + 1);
        await proposal.VoteAsync(carol, id, For, chain);
        await chain.AdvanceTimeAsync(AnvilFixture.Settings.VotingPeriodSeconds + 1);

        Assert.Equal(Defeated, await proposal.StateAsync(carol, id, chain));
        await Assert.ThrowsAnyAsync<Exception>(() => proposal.QueueAsync(carol, chain));
        Assert.Equal(BigInteger.Zero, await contributor.CoinBalanceAsync());
    }

    Proposal MintProposal(string to, BigInteger amount, string description)
    {
        var mint = new Nethereum.Web3.Web3().Eth.GetContract(ContractArtifact.ChatCoin.Abi, chain.Contracts.ChatCoin)
            .GetFunction("mint").GetData(to, amount);
        return new Proposal(chain.Contracts.ChatCoin, mint.HexToByteArray(), description);
    }

    sealed record Proposal(string Target, byte[] Calldata, string Description)
    {
        byte[] DescriptionHash => Sha3Keccack.Current.CalculateHash(Encoding.UTF8.GetBytes(Description));
        object[] Operation(object last) => [new[] { Target }, new[] { BigInteger.Zero }, new List<byte[]> { Calldata }, last];

        public async Task<BigInteger> ProposeAsync(ChainActor proposer, AnvilFixture chain)
        {
            await proposer.SendAsync(chain.Contracts.Governor, ContractArtifact.ChatGovernor, "propose", Operation(Description));
            return await proposer.CallAsync<BigInteger>(chain.Contracts.Governor, ContractArtifact.ChatGovernor, "hashProposal", Operation(DescriptionHash));
        }

        public Task VoteAsync(ChainActor voter, BigInteger id, byte support, AnvilFixture chain) =>
            voter.SendAsync(chain.Contracts.Governor, ContractArtifact.ChatGovernor, "castVote", id, support);

        public Task QueueAsync(ChainActor anyone, AnvilFixture chain) =>
            anyone.SendAsync(chain.Contracts.Governor, ContractArtifact.ChatGovernor, "queue", Operation(DescriptionHash));

        public Task ExecuteAsync(ChainActor anyone, AnvilFixture chain) =>
            anyone.SendAsync(chain.Contracts.Governor, ContractArtifact.ChatGovernor, "execute", Operation(DescriptionHash));

        public Task<byte> StateAsync(ChainActor reader, BigInteger id, AnvilFixture chain) =>
            reader.CallAsync<byte>(chain.Contracts.Governor, ContractArtifact.ChatGovernor, "state", id);
    }
}
