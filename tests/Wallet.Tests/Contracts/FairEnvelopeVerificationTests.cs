using System.Numerics;
using Nethereum.Signer;
using OpenChat.Chain.Tests.Support;
using OpenChat.Chain.Wallet.Contracts;
using OpenChat.Chain.Wallet.Envelopes;

namespace OpenChat.Chain.Wallet.Tests.Contracts;

/// <summary>
/// A Fair envelope on the real contract: created with a seed commitment, claimed blind, revealed; then its shares
/// recomputed off chain (FairShares, EnvelopeVerifier) from nothing but chain data.
/// </summary>
[Collection(ChainClockCollection.Name)]
public sealed class FairEnvelopeVerificationTests(AnvilFixture chain)
{
    readonly EthECKey _gatekeeper = EthECKey.GenerateKey();

    [Fact]
    public async Task FairShares_Amounts_EqualTheContractsFairShares()
    {
        var reader = await chain.NewActorAsync("reader", withGas: false);
        foreach (var (shares, total) in new[] { (1, 5m), (7, 3m), (100, 100m), (13, 0.13m) })
        {
            var randomness = Nethereum.Util.Sha3Keccack.Current.CalculateHash(Guid.NewGuid().ToByteArray());
            var onChain = await reader.CallAsync<List<BigInteger>>(chain.Contracts.RedEnvelope, ContractArtifact.RedEnvelope, "fairShares",
                randomness, AnvilFixture.Coins(total), (uint)shares, AnvilFixture.Coins(0.01m));
            Assert.Equal(onChain, FairShares.Amounts(randomness, AnvilFixture.Coins(total), shares, AnvilFixture.Coins(0.01m)));
        }
    }

    [Fact]
    public async Task FairEnvelope_Revealed_EveryPaidShareIsRecomputedFromChainData()
    {
        var alice = await chain.NewActorAsync("alice", coins: 100);
        var members = new[] { await chain.NewActorAsync("bob"), await chain.NewActorAsync("carol"), await chain.NewActorAsync("dave") };
        var seed = Nethereum.Util.Sha3Keccack.Current.CalculateHash(Guid.NewGuid().ToByteArray());
        var total = AnvilFixture.Coins(9);
        var id = await CreateAndClaimAsync(alice, total, seed, members);
        var before = await EnvelopeVerifier.VerifyAsync(chain.Web3For(alice.Key), chain.Contracts.RedEnvelope, id, CancellationToken.None);
        Assert.Equal(("closed", (bool?)null), (before!.State, before.Matches));

        await alice.SendAsync(chain.Contracts.RedEnvelope, ContractArtifact.RedEnvelope, "reveal", id, seed); // anyone holding the seed

        var verification = await EnvelopeVerifier.VerifyAsync(chain.Web3For(alice.Key), chain.Contracts.RedEnvelope, id, CancellationToken.None);
        Assert.NotNull(verification);
        Assert.Equal(("revealed", (bool?)true, (string?)null), (verification.State, verification.Matches, verification.Mismatch));
        Assert.Equal([0, 1, 2], verification.Paid.Select(s => s.Position));
        for (var i = 0; i < members.Length; i++)
            Assert.Equal((await members[i].CoinBalanceAsync()).ToString(), verification.Paid[i].Paid);
        Assert.Equal(total, verification.Paid.Aggregate(BigInteger.Zero, (sum, s) => sum + BigInteger.Parse(s.Expected)));
    }

    [Fact]
    public async Task FairEnvelope_NotRevealedWithin256Blocks_IsSettledEquallyAndVerifiesSo()
    {
        var alice = await chain.NewActorAsync("alice", coins: 100);
        var members = new[] { await chain.NewActorAsync("bob"), await chain.NewActorAsync("carol") };
        var id = await CreateAndClaimAsync(alice, AnvilFixture.Coins(5), Nethereum.Util.Sha3Keccack.Current.CalculateHash(Guid.NewGuid().ToByteArray()), members);

        await chain.RpcAsync<object>("anvil_mine", 257); // 257 blocks: the closing block's hash is gone
        await alice.SendAsync(chain.Contracts.RedEnvelope, ContractArtifact.RedEnvelope, "settleEqually", id); // anyone

        var verification = await EnvelopeVerifier.VerifyAsync(chain.Web3For(alice.Key), chain.Contracts.RedEnvelope, id, CancellationToken.None);
        Assert.Equal(("settled_equally", (bool?)true), (verification!.State, verification.Matches));
        foreach (var member in members) Assert.Equal(AnvilFixture.Coins(2.5m), await member.CoinBalanceAsync());
    }

    async Task<BigInteger> CreateAndClaimAsync(ChainActor creator, BigInteger total, byte[] seed, ChainActor[] members)
    {
        await creator.SendAsync(chain.Contracts.ChatCoin, ContractArtifact.ChatCoin, "approve", chain.Contracts.RedEnvelope, total);
        var expiresAt = (ulong)(await chain.LatestTimestampAsync() + 3_600);
        var created = await creator.SendAsync(chain.Contracts.RedEnvelope, ContractArtifact.RedEnvelope, "createFair",
            chain.Contracts.ChatCoin, total, (uint)members.Length, expiresAt, _gatekeeper.GetPublicAddress(), new byte[32], FairShares.SeedHash(seed));
        var id = (BigInteger)Assert.Single(new Nethereum.Web3.Web3().Eth.GetContract(ContractArtifact.RedEnvelope.Abi, chain.Contracts.RedEnvelope)
            .GetEvent("EnvelopeCreated").DecodeAllEventsDefaultForEvent(created.Logs)).Event.Single(p => p.Parameter.Name == "id").Result;
        foreach (var member in members)
        {
            var deadline = (ulong)await chain.LatestTimestampAsync() + 600;
            var voucher = new ClaimVoucher(chain.ChainId, chain.Contracts.RedEnvelope, id, member.Address, deadline).SignWith(_gatekeeper);
            await member.SendAsync(chain.Contracts.RedEnvelope, ContractArtifact.RedEnvelope, "claim", id, deadline, voucher);
            Assert.Equal(BigInteger.Zero, await member.CoinBalanceAsync()); // nothing is paid at the claim
        }
        return id;
    }
}
