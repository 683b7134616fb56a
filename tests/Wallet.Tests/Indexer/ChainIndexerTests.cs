using System.Numerics;
using System.Text.Json.Nodes;
using Nethereum.Hex.HexConvertors.Extensions;
using Nethereum.Signer;
using OpenChat.Chain.Tests.Support;
using OpenChat.Chain.Wallet.Contracts;

namespace OpenChat.Chain.Wallet.Tests.Indexer;

// Each test runs its own anvil: they mine blocks and reorganise the chain.
public sealed class ChainIndexerTests
{
    [Fact]
    public async Task Index_TransferAndTip_AppearOnlyAfterTheConfirmationDepth()
    {
        await using var chain = await IndexedChain.StartAsync();
        var indexer = chain.NewIndexer(confirmationDepth: 2);
        var bob = EthECKey.GenerateKey().GetPublicAddress().ToLowerInvariant();
        var transfer = await chain.TransferAsync(bob, AnvilFixture.Coins(5));
        var tip = await chain.TipAsync(bob, AnvilFixture.Coins(1));

        await IndexedChain.CatchUpAsync(indexer, chain.Connection);
        Assert.DoesNotContain(await chain.EventsAsync(), e => e.To == bob);

        await chain.MineAsync(1); // the transfer is 2 deep, the tip 1
        await IndexedChain.CatchUpAsync(indexer, chain.Connection);
        var sent = Assert.Single(await chain.EventsAsync(), e => e.To == bob);
        Assert.Equal(("ChatCoin", "Transfer", transfer.TransactionHash, (long)transfer.BlockNumber.Value, transfer.BlockHash),
            (sent.Contract, sent.EventName, sent.TxHash, sent.BlockNumber, sent.BlockHash));
        Assert.Equal(chain.Connection.SystemAccount.ToLowerInvariant(), sent.From);
        Assert.Equal(AnvilFixture.Coins(5).ToString(), sent.Amount);

        await chain.MineAsync(1);
        await IndexedChain.CatchUpAsync(indexer, chain.Connection);
        var toBob = (await chain.EventsAsync()).Where(e => e.To == bob).ToList();
        Assert.Equal(["Transfer", "MessageTipped", "Transfer"], toBob.Select(e => e.EventName)); // the tip logs before it pays
        var tipped = toBob[1];
        Assert.Equal(("ChatCoin", tip.TransactionHash, AnvilFixture.Coins(1).ToString()), (tipped.Contract, tipped.TxHash, tipped.Amount));
        Assert.Contains("\"messageRef\":\"0x" + new string('0', 64) + "\"", tipped.ArgsJson);
        Assert.Equal(await chain.HeadAsync() - 2, (await chain.CheckpointAsync())!.BlockNumber);
    }

    [Fact]
    public async Task Index_AfterRestart_ContinuesFromItsCheckpointWithoutDuplicates()
    {
        await using var chain = await IndexedChain.StartAsync();
        var bob = EthECKey.GenerateKey().GetPublicAddress().ToLowerInvariant();
        var first = chain.NewIndexer(confirmationDepth: 2);
        await first.StartAsync(CancellationToken.None);
        await chain.TransferAsync(bob, AnvilFixture.Coins(1));
        await chain.MineAsync(2);
        await Eventually(async () => (await chain.EventsAsync()).Count(e => e.To == bob) == 1);
        await first.StopAsync(CancellationToken.None);
        first.Dispose();
        var stoppedAt = (await chain.CheckpointAsync())!.BlockNumber;

        await chain.TransferAsync(bob, AnvilFixture.Coins(2));
        await chain.TransferAsync(bob, AnvilFixture.Coins(3));
        await chain.MineAsync(2);
        await chain.OpenDatabaseAsync(); // a new process on the same database file
        var second = chain.NewIndexer(confirmationDepth: 2);
        await second.StartAsync(CancellationToken.None);
        try
        {
            await Eventually(async () => (await chain.CheckpointAsync())!.BlockNumber == await chain.HeadAsync() - 2);
        }
        finally
        {
            await second.StopAsync(CancellationToken.None);
            second.Dispose();
        }

        var events = await chain.EventsAsync();
        Assert.Equal([AnvilFixture.Coins(1).ToString(), AnvilFixture.Coins(2).ToString(), AnvilFixture.Coins(3).ToString()],
            events.Where(e => e.To == bob).Select(e => e.Amount));
        Assert.Equal(events.Count, events.DistinctBy(e => (e.TxHash, e.LogIndex)).Count());
        Assert.True(stoppedAt < (await chain.CheckpointAsync())!.BlockNumber);
    }

    [Fact]
    public async Task Index_AfterAReorgDroppingATransfer_ConvergesToTheChain()
    {
        await using var chain = await IndexedChain.StartAsync();
        var indexer = chain.NewIndexer(confirmationDepth: 1);
        var bob = EthECKey.GenerateKey().GetPublicAddress().ToLowerInvariant();
        var kept = await chain.TransferAsync(bob, AnvilFixture.Coins(1));
        var dropped = await chain.TransferAsync(bob, AnvilFixture.Coins(2));
        await chain.MineAsync(2);
        await IndexedChain.CatchUpAsync(indexer, chain.Connection);
        Assert.Equal(2, (await chain.EventsAsync()).Count(e => e.To == bob));

        // Replace the dropped transfer's block and the two above it with three empty ones (anvil_reorg depth 3, no txs).
        await chain.RpcAsync<object>("anvil_reorg", 3, Array.Empty<object>());
        await chain.MineAsync(1);
        Assert.Null(await chain.Connection.Web3.Eth.Transactions.GetTransactionReceipt.SendRequestAsync(dropped.TransactionHash));
        await IndexedChain.CatchUpAsync(indexer, chain.Connection);

        var sent = Assert.Single(await chain.EventsAsync(), e => e.To == bob);
        Assert.Equal((kept.TransactionHash, kept.BlockHash), (sent.TxHash, sent.BlockHash));
        var checkpoint = (await chain.CheckpointAsync())!;
        var block = await chain.Connection.Web3.Eth.Blocks.GetBlockWithTransactionsHashesByNumber
            .SendRequestAsync(new Nethereum.RPC.Eth.DTOs.BlockParameter((ulong)checkpoint.BlockNumber));
        Assert.Equal(block.BlockHash, checkpoint.BlockHash);
    }

    [Fact]
    public async Task Index_Proposal_StoresTheGovernorEventWithItsArrays()
    {
        await using var chain = await IndexedChain.StartAsync();
        var indexer = chain.NewIndexer(confirmationDepth: 2);
        var contracts = chain.Connection.Contracts;
        await chain.SendAsync(contracts.ChatCoin, ContractArtifact.ChatCoin, "delegate", chain.Connection.SystemAccount);
        await chain.RpcAsync<object>("evm_increaseTime", 2);
        await chain.MineAsync(1); // the Governor reads the proposer's votes at clock() - 1
        var description = $"Index me {Guid.NewGuid()}";
        var mint = chain.Connection.Web3.Eth.GetContract(ContractArtifact.ChatCoin.Abi, contracts.ChatCoin).GetFunction("mint")
            .GetData(chain.Connection.SystemAccount, AnvilFixture.Coins(1));
        var proposed = await chain.SendAsync(contracts.Governor, ContractArtifact.ChatGovernor, "propose",
            new[] { contracts.ChatCoin }, new[] { BigInteger.Zero }, new List<byte[]> { mint.HexToByteArray() }, description);
        await chain.MineAsync(2);

        await IndexedChain.CatchUpAsync(indexer, chain.Connection);

        var created = Assert.Single(await chain.EventsAsync(), e => e.EventName == "ProposalCreated");
        Assert.Equal(("Governor", proposed.TransactionHash), (created.Contract, created.TxHash));
        var args = JsonNode.Parse(created.ArgsJson)!;
        Assert.Equal(description, (string?)args["description"]);
        Assert.Equal(mint.ToLowerInvariant(), ((string?)args["calldatas"]![0])!.ToLowerInvariant());
        Assert.Contains(await chain.EventsAsync(), e => e.EventName == "DelegateChanged" && e.Contract == "ChatCoin");
    }

    static async Task Eventually(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException("the indexer did not get there in 20 s");
            await Task.Delay(50);
        }
    }
}
