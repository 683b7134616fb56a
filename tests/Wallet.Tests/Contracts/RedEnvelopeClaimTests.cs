using System.Numerics;
using Nethereum.Contracts;
using Nethereum.RPC.Eth.DTOs;
using Nethereum.Signer;
using OpenChat.Chain.Tests.Support;
using OpenChat.Chain.Wallet.Contracts;
using OpenChat.Chain.Wallet.Envelopes;

namespace OpenChat.Chain.Wallet.Tests.Contracts;

/// <summary>A red envelope created on the real contract, claimed with the service's EIP-712 vouchers.</summary>
[Collection(ChainClockCollection.Name)]
public sealed class RedEnvelopeClaimTests(AnvilFixture chain)
{
    const byte Random = 0, Equal = 1;
    readonly EthECKey _gatekeeper = EthECKey.GenerateKey();

    [Fact]
    public async Task ClaimVoucher_Digest_MatchesTheContracts()
    {
        var reader = await chain.NewActorAsync("reader", withGas: false);
        var voucher = new ClaimVoucher(chain.ChainId, chain.Contracts.RedEnvelope, 42, reader.Address, 1_900_000_000);

        var onChain = await reader.CallAsync<byte[]>(chain.Contracts.RedEnvelope, ContractArtifact.RedEnvelope, "voucherDigest",
            voucher.EnvelopeId, voucher.Claimer, voucher.Deadline);

        Assert.Equal(onChain, voucher.Digest());
    }

    [Theory]
    [InlineData(Random)]
    [InlineData(Equal)]
    public async Task Envelope_ClaimedByVouchedMembers_PaysEachTheSharePaidOnChain(byte mode)
    {
        var alice = await chain.NewActorAsync("alice", coins: 1_000);
        var bob = await chain.NewActorAsync("bob");
        var carol = await chain.NewActorAsync("carol");
        var total = AnvilFixture.Coins(100);
        var aliceBefore = await alice.CoinBalanceAsync();

        var id = await CreateAsync(alice, total, shares: 3, mode, expiresIn: 3_600);
        var bobShare = await ClaimAsync(bob, id);
        var carolShare = await ClaimAsync(carol, id);

        Assert.Equal(bobShare, await bob.CoinBalanceAsync());
        Assert.Equal(carolShare, await carol.CoinBalanceAsync());
        Assert.Equal(aliceBefore - total, await alice.CoinBalanceAsync());
        Assert.True(bobShare >= AnvilFixture.Coins(0.01m) && carolShare >= AnvilFixture.Coins(0.01m));
        if (mode == Equal) Assert.Equal(total / 3, bobShare);
        var envelope = await EnvelopeAsync(alice, id);
        Assert.Equal(total - bobShare - carolShare, envelope.Remaining);
        Assert.Equal(1u, envelope.SharesLeft);
    }

    [Fact]
    public async Task Claim_TwiceOrWithAnotherMembersVoucher_IsRefused()
    {
        var alice = await chain.NewActorAsync("alice", coins: 1_000);
        var bob = await chain.NewActorAsync("bob");
        var mallory = await chain.NewActorAsync("mallory");
        var id = await CreateAsync(alice, AnvilFixture.Coins(10), shares: 5, Random, expiresIn: 3_600);
        var deadline = (ulong)await chain.LatestTimestampAsync() + 600;
        var bobsVoucher = new ClaimVoucher(chain.ChainId, chain.Contracts.RedEnvelope, id, bob.Address, deadline).SignWith(_gatekeeper);

        await Assert.ThrowsAnyAsync<Exception>(() => mallory.SendAsync(chain.Contracts.RedEnvelope, ContractArtifact.RedEnvelope,
            "claim", id, deadline, bobsVoucher));
        await bob.SendAsync(chain.Contracts.RedEnvelope, ContractArtifact.RedEnvelope, "claim", id, deadline, bobsVoucher);
        await Assert.ThrowsAnyAsync<Exception>(() => bob.SendAsync(chain.Contracts.RedEnvelope, ContractArtifact.RedEnvelope,
            "claim", id, deadline, bobsVoucher));

        Assert.Equal(BigInteger.Zero, await mallory.CoinBalanceAsync());
        Assert.Equal(4u, (await EnvelopeAsync(alice, id)).SharesLeft);
    }

    [Fact]
    public async Task Refund_AfterExpiry_ReturnsTheRemainderToTheCreator()
    {
        var alice = await chain.NewActorAsync("alice", coins: 1_000);
        var bob = await chain.NewActorAsync("bob");
        var anyone = await chain.NewActorAsync("anyone");
        var before = await alice.CoinBalanceAsync();
        var id = await CreateAsync(alice, AnvilFixture.Coins(50), shares: 4, Random, expiresIn: 120);
        var bobShare = await ClaimAsync(bob, id);

        await chain.AdvanceTimeAsync(121);
        await anyone.SendAsync(chain.Contracts.RedEnvelope, ContractArtifact.RedEnvelope, "refund", id);

        Assert.Equal(before - bobShare, await alice.CoinBalanceAsync());
        Assert.Equal(BigInteger.Zero, (await EnvelopeAsync(alice, id)).Remaining);
    }

    async Task<BigInteger> CreateAsync(ChainActor creator, BigInteger total, uint shares, byte mode, long expiresIn)
    {
        await creator.SendAsync(chain.Contracts.ChatCoin, ContractArtifact.ChatCoin, "approve", chain.Contracts.RedEnvelope, total);
        var expiresAt = (ulong)(await chain.LatestTimestampAsync() + expiresIn);
        var chatRef = Guid.NewGuid().ToByteArray().Concat(new byte[16]).ToArray();
        var receipt = await creator.SendAsync(chain.Contracts.RedEnvelope, ContractArtifact.RedEnvelope, "create",
            chain.Contracts.ChatCoin, total, shares, mode, expiresAt, _gatekeeper.GetPublicAddress(), chatRef);
        return (BigInteger)Event(receipt, "EnvelopeCreated")["id"];
    }

    async Task<BigInteger> ClaimAsync(ChainActor member, BigInteger id)
    {
        var deadline = (ulong)await chain.LatestTimestampAsync() + 600;
        var voucher = new ClaimVoucher(chain.ChainId, chain.Contracts.RedEnvelope, id, member.Address, deadline).SignWith(_gatekeeper);
        var receipt = await member.SendAsync(chain.Contracts.RedEnvelope, ContractArtifact.RedEnvelope, "claim", id, deadline, voucher);
        var claimed = Event(receipt, "EnvelopeClaimed");
        Assert.Equal(member.Address.ToLowerInvariant(), ((string)claimed["claimer"]).ToLowerInvariant());
        return (BigInteger)claimed["amount"];
    }

    async Task<EnvelopeView> EnvelopeAsync(ChainActor reader, BigInteger id) =>
        await new Nethereum.Web3.Web3(chain.RpcUrl.ToString()).Eth.GetContract(ContractArtifact.RedEnvelope.Abi, chain.Contracts.RedEnvelope)
            .GetFunction("envelope").CallDeserializingToObjectAsync<EnvelopeView>(id);

    static Dictionary<string, object> Event(TransactionReceipt receipt, string name)
    {
        var abi = new Nethereum.Web3.Web3().Eth.GetContract(ContractArtifact.RedEnvelope.Abi, receipt.To);
        var decoded = abi.GetEvent(name).DecodeAllEventsDefaultForEvent(receipt.Logs);
        return Assert.Single(decoded).Event.ToDictionary(p => p.Parameter.Name, p => p.Result);
    }
}

/// <summary>IRedEnvelope.Envelope as the view returns it (a tuple, decoded by position).</summary>
[Nethereum.ABI.FunctionEncoding.Attributes.FunctionOutput]
public sealed class EnvelopeView : Nethereum.ABI.FunctionEncoding.Attributes.IFunctionOutputDTO
{
    [Nethereum.ABI.FunctionEncoding.Attributes.Parameter("tuple", "", 1)]
    public EnvelopeFields Envelope { get; set; } = new();
    public BigInteger Remaining => Envelope.Remaining;
    public uint SharesLeft => Envelope.SharesLeft;
}

public sealed class EnvelopeFields
{
    [Nethereum.ABI.FunctionEncoding.Attributes.Parameter("address", "creator", 1)] public string Creator { get; set; } = "";
    [Nethereum.ABI.FunctionEncoding.Attributes.Parameter("uint64", "expiresAt", 2)] public ulong ExpiresAt { get; set; }
    [Nethereum.ABI.FunctionEncoding.Attributes.Parameter("uint32", "shares", 3)] public uint Shares { get; set; }
    [Nethereum.ABI.FunctionEncoding.Attributes.Parameter("uint8", "mode", 4)] public byte Mode { get; set; }
    [Nethereum.ABI.FunctionEncoding.Attributes.Parameter("address", "token", 5)] public string Token { get; set; } = "";
    [Nethereum.ABI.FunctionEncoding.Attributes.Parameter("address", "gatekeeper", 6)] public string Gatekeeper { get; set; } = "";
    [Nethereum.ABI.FunctionEncoding.Attributes.Parameter("uint96", "minShare", 7)] public BigInteger MinShare { get; set; }
    [Nethereum.ABI.FunctionEncoding.Attributes.Parameter("uint112", "total", 8)] public BigInteger Total { get; set; }
    [Nethereum.ABI.FunctionEncoding.Attributes.Parameter("uint112", "remaining", 9)] public BigInteger Remaining { get; set; }
    [Nethereum.ABI.FunctionEncoding.Attributes.Parameter("uint32", "sharesLeft", 10)] public uint SharesLeft { get; set; }
}
