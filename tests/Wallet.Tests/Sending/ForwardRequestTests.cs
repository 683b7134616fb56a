using System.Numerics;
using Nethereum.Hex.HexConvertors.Extensions;
using OpenChat.Chain.Tests.Support;
using OpenChat.Chain.Wallet.Actions;
using OpenChat.Chain.Wallet.Chain;
using OpenChat.Chain.Wallet.Contracts;
using OpenChat.Chain.Wallet.Keys;
using OpenChat.Chain.Wallet.Sending;

namespace OpenChat.Chain.Wallet.Tests.Sending;

/// <summary>
/// A user's HD key signs ERC-2771 requests that the deployed OpenZeppelin forwarder accepts: the gasless path, as the
/// broadcaster sends it (a transfer built by <see cref="TransferAction"/>, in forwarder.executeBatch with a refund receiver).
/// </summary>
// Its requests carry deadlines of an hour: a governance test jumping the shared chain past its voting period (3,601 s)
// between signing and mining would expire them, so it runs with the tests that move the clock.
[Collection(ChainClockCollection.Name)]
public sealed class ForwardRequestTests(AnvilFixture chain)
{
    static readonly DateTime Now = new(2026, 12, 5, 2, 0, 0, DateTimeKind.Utc);

    [Fact]
    public async Task ForwardRequest_SignedByAGaslessHdAccount_MovesItsCoinsWhenARelayerExecutesIt()
    {
        using var wallet = HdWallet.CreateNew();
        var user = wallet.AddressOf(1);
        var relayer = await chain.NewActorAsync("relayer");
        var bob = await chain.NewActorAsync("bob", withGas: false);
        await chain.Treasury.SendAsync(chain.Contracts.ChatCoin, ContractArtifact.ChatCoin, "transfer", user, AnvilFixture.Coins(10));

        var request = await TransferRequestAsync(wallet, 1, bob.Address, AnvilFixture.Coins(2.5m), nonce: 0);
        var (result, gasUsed, gasLimit) = await RelayAsync(wallet, 1, relayer, request);

        Assert.Equal(RequestResult.Executed, result);
        Assert.Equal(AnvilFixture.Coins(2.5m), await bob.CoinBalanceAsync());
        Assert.Equal(AnvilFixture.Coins(7.5m), await relayer.CallAsync<BigInteger>(chain.Contracts.ChatCoin, ContractArtifact.ChatCoin, "balanceOf", user));
        Assert.Equal(BigInteger.Zero, (await chain.Web3For(relayer.Key).Eth.GetBalance.SendRequestAsync(user)).Value); // the user paid no gas
        Assert.Equal(BigInteger.One, await relayer.CallAsync<BigInteger>(chain.Contracts.Forwarder, ContractArtifact.ERC2771Forwarder, "nonces", user));
        Assert.True(gasUsed < gasLimit, $"executeBatch used {gasUsed} gas, the broadcaster allows {gasLimit}");

        // Exactly once: the same signed request again is skipped (the forwarder's nonce for the user has moved on).
        var (again, _, _) = await RelayAsync(wallet, 1, relayer, request);
        Assert.Equal(RequestResult.NotRun, again);
        Assert.Equal(AnvilFixture.Coins(2.5m), await bob.CoinBalanceAsync());
    }

    [Fact]
    public async Task ForwardRequest_SignedForTheWrongNonce_IsSkippedByTheForwarder()
    {
        using var wallet = HdWallet.CreateNew();
        var relayer = await chain.NewActorAsync("relayer");
        await chain.Treasury.SendAsync(chain.Contracts.ChatCoin, ContractArtifact.ChatCoin, "transfer", wallet.AddressOf(2), AnvilFixture.Coins(1));

        var request = await TransferRequestAsync(wallet, 2, relayer.Address, AnvilFixture.Coins(1), nonce: 1);
        var (result, _, _) = await RelayAsync(wallet, 2, relayer, request);

        Assert.Equal(RequestResult.NotRun, result);
        Assert.Equal(AnvilFixture.Coins(1), await relayer.CallAsync<BigInteger>(chain.Contracts.ChatCoin, ContractArtifact.ChatCoin, "balanceOf", wallet.AddressOf(2)));
    }

    async Task<ForwardRequest> TransferRequestAsync(HdWallet wallet, int account, string to, BigInteger amount, BigInteger nonce)
    {
        var deadline = (ulong)(await chain.LatestTimestampAsync() + 3_600);
        var row = new OutgoingTransfer(Guid.NewGuid(), account, "key", TransferKind.Transfer, wallet.AddressOf(account), to, amount, Now);
        var connection = new ChainConnection(chain.Web3For(chain.Treasury.Key), chain.RpcUrl, false, chain.Treasury.Address, chain.Contracts);
        var call = await new TransferAction().CallAsync(row, new ActionContext(connection, wallet, deadline), TestContext.Current.CancellationToken);
        return ForwardRequest.For(chain.ChainId, chain.Contracts.Forwarder, wallet.AddressOf(account), call, nonce, deadline);
    }

    // One request in executeBatch with the gas limit the broadcaster gives it.
    async Task<(RequestResult Result, BigInteger GasUsed, BigInteger GasLimit)> RelayAsync(HdWallet wallet, int account, ChainActor relayer,
        ForwardRequest request)
    {
        var data = ForwardRequest.ExecuteBatchCallData([(request, wallet.SignDigest(account, request.Digest()))], relayer.Address).ToHex(true);
        var gasLimit = ForwardRequest.BatchOverhead + request.BatchGas;
        var web3 = chain.Web3For(relayer.Key);
        var hash = await new PipelinedSender(web3, relayer.Address).SendAsync(chain.Contracts.Forwarder, data, gasLimit, TestContext.Current.CancellationToken);
        var receipt = await PipelinedSender.WaitForReceiptAsync(web3, hash, TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);
        Assert.Equal(1, (int)receipt.Status.Value);
        var row = new OutgoingTransfer(Guid.NewGuid(), account, "key", TransferKind.Transfer, request.From, request.To, 0, Now);
        row.MarkSigned((long)request.Nonce, 0, new SignedRelay("0x02", "0xaa", 2, 1), Now);
        return (RelayReceipt.Read(row, receipt, chain.Contracts.Forwarder).Result, receipt.GasUsed.Value, gasLimit);
    }
}
