using System.Numerics;
using Nethereum.Hex.HexConvertors.Extensions;
using Nethereum.RPC.Eth.DTOs;
using OpenChat.Chain.Tests.Support;
using OpenChat.Chain.Wallet.Actions;
using OpenChat.Chain.Wallet.Contracts;

namespace OpenChat.Chain.Wallet.Tests.Actions;

/// <summary>
/// Each action's gas limit (what the forwarder passes on, not what is used) covers what the contracts measure: forge's gas
/// snapshots in contracts/snapshots where one exists, else the node's estimate on anvil; both with at least 10% headroom.
/// A contract change that makes a call dearer fails here before a relayed request runs out of gas. Governance's own
/// actions are tied the same way in Api.Tests' GovernorActionGasTests.
/// </summary>
public sealed class ChainActionGasTests(AnvilFixture chain)
{
    public const double Headroom = 1.10;

    public static TheoryData<string, string, string> Snapshotted => new()
    {
        { nameof(TransferAction), "ChatCoinGasTest", "transfer_voters" },
        { nameof(TipAction), "ChatCoinGasTest", "tip_voters" },
        { nameof(EnvelopeCreateAction), "RedEnvelope", "createWithPermit" },
        { nameof(EnvelopeClaimAction), "RedEnvelope", "claim_random" },
        { nameof(EnvelopeRefundAction), "RedEnvelope", "refund" },
        { nameof(EnvelopeRevealAction), "RedEnvelope", "reveal_10" },
        { nameof(EnvelopeSettleAction), "RedEnvelope", "reveal_10" },
        { nameof(CirclePayAction), "CircleAccessGasTest", "payWithPermit_relayed" },
        { nameof(CircleSettleAction), "CircleAccessGasTest", "settle_refundOneMember" },
        { nameof(DelegateAction), "ChatCoinGasTest", "activateVoting_relayed" },
        { nameof(RewardWelcomeAction), "RewardsPoolTest", "payWelcome" },
        { nameof(RewardInviteAction), "RewardsPoolTest", "payInvite" },
    };

    [Theory]
    [MemberData(nameof(Snapshotted))]
    public void GasLimit_OfAnAction_CoversItsForgeSnapshotWithHeadroom(string action, string snapshot, string key)
    {
        var measured = ForgeSnapshots.Gas(snapshot, key);

        var limit = LimitOf(action);

        Assert.True((double)limit >= measured * Headroom, $"{action} allows {limit} gas; {snapshot}.{key} measures {measured}");
    }

    [Fact]
    public void GasLimit_OfAFairEnvelopesCreation_CoversCreateFairPlusWhatThePermitAdds()
    {
        // forge snapshots createFair (approval) and createWithPermit, not createFairWithPermit: the permit costs the same in both.
        var permit = ForgeSnapshots.Gas("RedEnvelope", "createWithPermit") - ForgeSnapshots.Gas("RedEnvelope", "create");

        var measured = ForgeSnapshots.Gas("RedEnvelope", "createFair") + permit;

        Assert.True((double)EnvelopeCreateAction.Gas >= measured * Headroom, $"EnvelopeCreateAction allows {EnvelopeCreateAction.Gas} gas; createFairWithPermit measures about {measured}");
    }

    [Fact]
    public async Task GasLimit_OfTheCircleOwnersActions_CoversTheNodesEstimateWithHeadroom()
    {
        var owner = await chain.NewActorAsync("owner");
        var groupRef = Guid.NewGuid().ToByteArray().Concat(Guid.NewGuid().ToByteArray()).ToArray();
        var register = ContractArtifact.CircleAccess.Encode("registerCircle", owner.Address, AnvilFixture.Coins(1), 86_400UL, groupRef);
        Assert.True((double)CircleRegisterAction.Gas >= await EstimateAsync(owner, register) * Headroom);

        var receipt = await owner.SendAsync(chain.Contracts.CircleAccess, ContractArtifact.CircleAccess, "registerCircle",
            owner.Address, AnvilFixture.Coins(1), 86_400UL, groupRef);
        var circleId = (BigInteger)ContractArtifact.CircleAccess.FirstEvent("CircleRegistered", receipt.Logs)!["circleId"];

        Assert.True((double)CirclePriceAction.Gas >= await EstimateAsync(owner, ContractArtifact.CircleAccess.Encode("setPrice", circleId, AnvilFixture.Coins(2))) * Headroom);
        Assert.True((double)CircleCloseAction.Gas >= await EstimateAsync(owner, ContractArtifact.CircleAccess.Encode("close", circleId)) * Headroom);
    }

    [Fact]
    public async Task GasLimit_OfTheLargestFairReveal_CoversItsSnapshotAndFitsABlock()
    {
        var web3 = chain.Web3For(chain.Treasury.Key);
        var block = await web3.Eth.Blocks.GetBlockWithTransactionsHashesByNumber.SendRequestAsync(BlockParameter.CreateLatest());
        var envelopes = web3.Eth.GetContract(ContractArtifact.RedEnvelope.Abi, chain.Contracts.RedEnvelope);

        var cap = await envelopes.GetFunction("MAX_FAIR_SHARES").CallAsync<uint>();

        Assert.Equal((uint)OpenChat.Chain.Wallet.Envelopes.EnvelopeRules.MaxFairShares, cap);
        var reveal = EnvelopeRevealAction.GasFor(OpenChat.Chain.Wallet.Envelopes.EnvelopeRules.MaxFairShares);
        Assert.True((double)reveal >= ForgeSnapshots.Gas("RedEnvelope", "reveal_500") * Headroom, $"a reveal of {cap} claimers allows {reveal} gas");
        Assert.True((double)EnvelopeSettleAction.GasFor(OpenChat.Chain.Wallet.Envelopes.EnvelopeRules.MaxFairShares) >= ForgeSnapshots.Gas("RedEnvelope", "settleEqually_500") * Headroom);
        Assert.True(reveal <= block.GasLimit.Value, $"a reveal of {cap} claimers allows {reveal} gas, more than a block");
    }

    [Fact]
    public async Task GasLimit_OfTheLargestSettlement_FitsTheShareOfABlockOneBatchMayTake()
    {
        var block = await chain.Web3For(chain.Treasury.Key).Eth.Blocks.GetBlockWithTransactionsHashesByNumber.SendRequestAsync(BlockParameter.CreateLatest());

        Assert.True(CircleSettleAction.GasFor(CircleSettleAction.MaxMembers) <= block.GasLimit.Value / 8);
        Assert.Throws<ArgumentOutOfRangeException>(() => CircleSettleAction.GasFor(CircleSettleAction.MaxMembers + 1));
    }

    static BigInteger LimitOf(string action) => action switch
    {
        nameof(TransferAction) => TransferAction.Gas,
        nameof(TipAction) => TipAction.Gas,
        nameof(EnvelopeCreateAction) => EnvelopeCreateAction.Gas,
        nameof(EnvelopeClaimAction) => EnvelopeClaimAction.Gas,
        nameof(EnvelopeRefundAction) => EnvelopeRefundAction.Gas,
        nameof(EnvelopeRevealAction) => EnvelopeRevealAction.GasFor(10),
        nameof(EnvelopeSettleAction) => EnvelopeSettleAction.GasFor(10), // pays as a reveal does, without the draw
        nameof(CirclePayAction) => CirclePayAction.Gas,
        nameof(CircleSettleAction) => CircleSettleAction.GasFor(1),
        nameof(DelegateAction) => DelegateAction.Gas,
        nameof(RewardWelcomeAction) => RewardWelcomeAction.Gas,
        nameof(RewardInviteAction) => RewardInviteAction.Gas,
        _ => throw new ArgumentOutOfRangeException(nameof(action), action, null),
    };

    async Task<double> EstimateAsync(ChainActor from, byte[] data) => (double)(await chain.Web3For(from.Key).Eth.Transactions.EstimateGas
        .SendRequestAsync(new CallInput { From = from.Address, To = chain.Contracts.CircleAccess, Data = data.ToHex(true) })).Value;
}
