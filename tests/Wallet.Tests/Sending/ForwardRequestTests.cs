using System.Numerics;
using Nethereum.Hex.HexConvertors.Extensions;
using Nethereum.JsonRpc.Client;
using OpenChat.Chain.Tests.Support;
using OpenChat.Chain.Wallet.Contracts;
using OpenChat.Chain.Wallet.Keys;
using OpenChat.Chain.Wallet.Sending;

namespace OpenChat.Chain.Wallet.Tests.Sending;

/// <summary>A user's HD key signs ERC-2771 requests that the deployed OpenZeppelin forwarder accepts: the gasless path.</summary>
public sealed class ForwardRequestTests(AnvilFixture chain)
{
    [Fact]
    public async Task ForwardRequest_SignedByAGaslessHdAccount_MovesItsCoinsWhenARelayerExecutesIt()
    {
        using var wallet = HdWallet.CreateNew();
        var user = wallet.AddressOf(1);
        var relayer = await chain.NewActorAsync("relayer");
        var bob = await chain.NewActorAsync("bob", withGas: false);
        await chain.Treasury.SendAsync(chain.Contracts.ChatCoin, ContractArtifact.ChatCoin, "transfer", user, AnvilFixture.Coins(10));

        var data = await RelayAsync(wallet, 1, relayer, bob.Address, AnvilFixture.Coins(2.5m), nonce: 0);

        Assert.Equal(AnvilFixture.Coins(2.5m), await bob.CoinBalanceAsync());
        Assert.Equal(AnvilFixture.Coins(7.5m), await relayer.CallAsync<BigInteger>(chain.Contracts.ChatCoin, ContractArtifact.ChatCoin, "balanceOf", user));
        Assert.Equal(BigInteger.Zero, (await chain.Web3For(relayer.Key).Eth.GetBalance.SendRequestAsync(user)).Value); // the user paid no gas
        Assert.Equal(BigInteger.One, await relayer.CallAsync<BigInteger>(chain.Contracts.Forwarder, ContractArtifact.ERC2771Forwarder, "nonces", user));

        // Exactly once: the same signed request again is refused (the forwarder's nonce for the user has moved on).
        var sender = new PipelinedSender(chain.Web3For(relayer.Key), relayer.Address);
        await Assert.ThrowsAsync<RpcResponseException>(() => sender.EstimateGasAsync(chain.Contracts.Forwarder, data));
    }

    [Fact]
    public async Task ForwardRequest_SignedForTheWrongNonce_IsRefusedByTheForwarder()
    {
        using var wallet = HdWallet.CreateNew();
        var relayer = await chain.NewActorAsync("relayer");
        await chain.Treasury.SendAsync(chain.Contracts.ChatCoin, ContractArtifact.ChatCoin, "transfer", wallet.AddressOf(2), AnvilFixture.Coins(1));

        await Assert.ThrowsAsync<RpcResponseException>(() => RelayAsync(wallet, 2, relayer, relayer.Address, AnvilFixture.Coins(1), nonce: 1));
    }

    async Task<string> RelayAsync(HdWallet wallet, int account, ChainActor relayer, string to, BigInteger amount, BigInteger nonce)
    {
        var deadline = (ulong)(await chain.LatestTimestampAsync() + 3_600);
        var request = ForwardRequest.ChatCoinTransfer(chain.ChainId, chain.Contracts.Forwarder, chain.Contracts.ChatCoin,
            wallet.AddressOf(account), to, amount, nonce, deadline);
        var data = request.ExecuteCallData(wallet.SignDigest(account, request.Digest())).ToHex(true);
        var web3 = chain.Web3For(relayer.Key);
        var sender = new PipelinedSender(web3, relayer.Address);
        var gas = await sender.EstimateGasAsync(chain.Contracts.Forwarder, data);
        var hash = await sender.SendAsync(chain.Contracts.Forwarder, data, gas, TestContext.Current.CancellationToken);
        var receipt = await PipelinedSender.WaitForReceiptAsync(web3, hash, TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);
        Assert.Equal(1, (int)receipt.Status.Value);
        Assert.True(receipt.GasUsed.Value < ForwardRequest.ExecuteGas, $"execute used {receipt.GasUsed.Value} gas, the broadcaster allows {ForwardRequest.ExecuteGas}");
        return data;
    }
}
