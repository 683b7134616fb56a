using System.Numerics;
using Nethereum.Hex.HexConvertors.Extensions;
using OpenChat.Chain.Tests.Support;
using OpenChat.Chain.Wallet.Actions;
using OpenChat.Chain.Wallet.Contracts;
using OpenChat.Chain.Wallet.Keys;
using OpenChat.Chain.Wallet.Sending;

namespace OpenChat.Chain.Wallet.Tests.Sending;

/// <summary>
/// Several users' requests in one relayer transaction, forwarder.executeBatch(requests, refundReceiver) on the deployed
/// OpenZeppelin forwarder: one failing request sinks none of the others, and each one's outcome is read from the receipt.
/// </summary>
// Its requests carry deadlines of an hour: a governance test jumping the shared chain past its voting period (3,601 s)
// between signing and mining would expire them, so it runs with the tests that move the clock.
[Collection(ChainClockCollection.Name)]
public sealed class BatchRelayTests(AnvilFixture chain)
{
    static readonly DateTime Now = new(2026, 12, 5, 2, 0, 0, DateTimeKind.Utc);

    [Fact]
    public async Task ExecuteBatch_WithARevertingAndAnExpiredRequest_RunsTheOthersAndReadsEachOutcomeFromTheReceipt()
    {
        using var wallet = HdWallet.CreateNew();
        var relayer = await chain.NewActorAsync("relayer");
        var bob = await chain.NewActorAsync("bob", withGas: false);
        var funder = await chain.NewActorAsync("funder", coins: 40); // the treasury itself is shared by parallel tests
        for (var account = 1; account <= 4; account++)
            await funder.SendAsync(chain.Contracts.ChatCoin, ContractArtifact.ChatCoin, "transfer", wallet.AddressOf(account), AnvilFixture.Coins(10));
        var now = await chain.LatestTimestampAsync();
        ForwardRequest Transfer(int account, decimal coins, long deadline) =>
            TransferRequest(wallet.AddressOf(account), bob.Address, AnvilFixture.Coins(coins), (ulong)deadline);
        var requests = new[]
        {
            (Account: 1, Request: Transfer(1, 2, now + 3_600)),
            (Account: 2, Request: Transfer(2, 50, now + 3_600)), // more than it holds: ChatCoin reverts inside the batch
            (Account: 3, Request: Transfer(3, 1, now - 1)),      // expired: the forwarder skips it
            (Account: 4, Request: Transfer(4, 3, now + 3_600)),
        };
        var gas = ForwardRequest.BatchOverhead + requests.Aggregate(BigInteger.Zero, (sum, r) => sum + r.Request.BatchGas);
        var data = ForwardRequest.ExecuteBatchCallData(
            requests.Select(r => (r.Request, wallet.SignDigest(r.Account, r.Request.Digest()))), refundReceiver: relayer.Address).ToHex(true);

        var web3 = chain.Web3For(relayer.Key);
        var hash = await new PipelinedSender(web3, relayer.Address).SendAsync(chain.Contracts.Forwarder, data, gas, TestContext.Current.CancellationToken);
        var receipt = await PipelinedSender.WaitForReceiptAsync(web3, hash, TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);

        Assert.Equal(1, (int)receipt.Status.Value); // one bad request did not sink the batch
        var results = requests.Select(r => RelayReceipt.Read(Row(wallet, r.Account), receipt, chain.Contracts.Forwarder).Result).ToArray();
        Assert.Equal([RequestResult.Executed, RequestResult.Reverted, RequestResult.NotRun, RequestResult.Executed], results);
        Assert.Equal(AnvilFixture.Coins(5), await bob.CoinBalanceAsync());
        // The forwarder used the nonces of the requests it ran (the reverted one too), not the skipped one's.
        var nonces = new List<BigInteger>();
        for (var account = 1; account <= 4; account++)
            nonces.Add(await relayer.CallAsync<BigInteger>(chain.Contracts.Forwarder, ContractArtifact.ERC2771Forwarder, "nonces", wallet.AddressOf(account)));
        Assert.Equal([1, 1, 0, 1], nonces);
        Assert.True(receipt.GasUsed.Value < gas, $"executeBatch used {receipt.GasUsed.Value} gas of the {gas} the broadcaster allows");
    }

    [Fact]
    public async Task RelayReceipt_OfARequestInAnotherTransaction_IsNotRun()
    {
        using var wallet = HdWallet.CreateNew();
        var relayer = await chain.NewActorAsync("relayer");
        var funder = await chain.NewActorAsync("funder", coins: 1);
        await funder.SendAsync(chain.Contracts.ChatCoin, ContractArtifact.ChatCoin, "transfer", wallet.AddressOf(1), AnvilFixture.Coins(1));
        var request = TransferRequest(wallet.AddressOf(1), relayer.Address, AnvilFixture.Coins(1), (ulong)(await chain.LatestTimestampAsync() + 3_600));
        var data = ForwardRequest.ExecuteBatchCallData([(request, wallet.SignDigest(1, request.Digest()))], relayer.Address).ToHex(true);
        var web3 = chain.Web3For(relayer.Key);
        var hash = await new PipelinedSender(web3, relayer.Address).SendAsync(chain.Contracts.Forwarder, data,
            ForwardRequest.BatchOverhead + request.BatchGas, TestContext.Current.CancellationToken);
        var receipt = await PipelinedSender.WaitForReceiptAsync(web3, hash, TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);

        // Account 2 signed nothing in it, and account 1's request with nonce 1 is not this one: neither ran here.
        Assert.Equal(RequestResult.Executed, RelayReceipt.Read(Row(wallet, 1), receipt, chain.Contracts.Forwarder).Result);
        Assert.Equal(RequestResult.NotRun, RelayReceipt.Read(Row(wallet, 2), receipt, chain.Contracts.Forwarder).Result);
        Assert.Equal(RequestResult.NotRun, RelayReceipt.Read(Row(wallet, 1, forwardNonce: 1), receipt, chain.Contracts.Forwarder).Result);
    }

    // ChatCoin.transfer as TransferAction encodes it, forwarder nonce 0.
    ForwardRequest TransferRequest(string from, string to, BigInteger amount, ulong deadline) => new(chain.ChainId, chain.Contracts.Forwarder, from,
        chain.Contracts.ChatCoin, 0, TransferAction.Gas, 0, deadline, ContractArtifact.ChatCoin.Encode("transfer", to, amount));

    static OutgoingTransfer Row(HdWallet wallet, int account, long forwardNonce = 0)
    {
        var row = new OutgoingTransfer(Guid.NewGuid(), account, "key", TransferKind.Transfer, wallet.AddressOf(account), wallet.AddressOf(99), 1, Now);
        row.MarkSigned(forwardNonce, 0, new SignedRelay("0x02", "0xaa", 2, 1), Now);
        return row;
    }
}
