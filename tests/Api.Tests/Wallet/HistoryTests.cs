using System.Net;
using System.Numerics;
using Microsoft.Extensions.DependencyInjection;
using Nethereum.JsonRpc.Client;
using OpenChat.Chain.Api.Tests.Support;
using OpenChat.Chain.Wallet.Sending;
using OpenChat.Chain.Wallet.Transfers;

namespace OpenChat.Chain.Api.Tests.Wallet;

/// <summary>
/// The history joins the outbox and the chain indexer, and both follow reorgs (anvil_reorg drops the transactions of the
/// blocks it replaces). Each test runs its own service and chain.
/// </summary>
public sealed class HistoryTests
{
    static readonly TimeSpan Settle = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task History_ShowsCoinsFromOutsideOnceIndexed_AndEachTransferBetweenUsersOnce()
    {
        await using var api = new ApiFactory();
        Assert.Equal(HttpStatusCode.OK, (await api.WaitUntilHealthyAsync(Settle)).StatusCode);
        var (alice, bob) = (await api.CreateUserAsync("alice"), await api.CreateUserAsync("bob"));
        await api.FundAsync(alice, 10); // a plain ChatCoin.transfer from the treasury: only the indexer knows it
        var bobAddress = (await bob.GetWalletAsync()).Address;

        var funded = await WaitForAsync(alice.HistoryAsync, h => h.Items.Count == 1);
        var transfer = await (await alice.SendAsync(bobAddress, "3", Guid.NewGuid().ToString())).ReadTransferAsync();
        var settled = await alice.Http.WaitUntilSettledAsync(transfer.Id, Settle);
        await WaitUntilIndexedAsync(api, settled.BlockNumber!.Value);

        var incoming = Assert.Single(funded.Items);
        Assert.Equal((TransferDirection.Incoming, TransferStatus.Confirmed, "10", api.Chain().SystemAccount),
            (incoming.Direction, incoming.Status, incoming.Amount, incoming.Counterparty));
        var aliceHistory = (await alice.HistoryAsync()).Items;
        Assert.Equal([(TransferDirection.Outgoing, "3", transfer.Id), (TransferDirection.Incoming, "10", incoming.Id)],
            aliceHistory.Select(e => (e.Direction, e.Amount, e.Id)));
        var bobEntry = Assert.Single((await bob.HistoryAsync()).Items); // the outbox row and the indexed log are one transfer
        Assert.Equal((TransferDirection.Incoming, "3", settled.TxHash), (bobEntry.Direction, bobEntry.Amount, bobEntry.TxHash));
    }

    [Fact]
    public async Task History_LosesAnOutsideTransferThatAReorgDrops()
    {
        await using var api = new ApiFactory();
        Assert.Equal(HttpStatusCode.OK, (await api.WaitUntilHealthyAsync(Settle)).StatusCode);
        var alice = await api.CreateUserAsync("alice");
        var aliceAddress = await api.FundAsync(alice, 10);
        var entry = Assert.Single((await WaitForAsync(alice.HistoryAsync, h => h.Items.Count == 1)).Items);

        await ReorgAsync(api, since: entry.BlockNumber!.Value);

        Assert.Equal(BigInteger.Zero, await api.CoinBalanceAsync(aliceAddress));
        await WaitForAsync(alice.HistoryAsync, h => h.Items.Count == 0);
    }

    [Fact]
    public async Task SendTransfer_WhoseBlockAReorgDrops_IsMinedAgainExactlyOnce_AndTheHistoryFollows()
    {
        await using var api = new ApiFactory();
        Assert.Equal(HttpStatusCode.OK, (await api.WaitUntilHealthyAsync(Settle)).StatusCode);
        var (alice, bob) = (await api.CreateUserAsync("alice"), await api.CreateUserAsync("bob"));
        var aliceAddress = await api.FundAsync(alice, 10);
        var bobAddress = (await bob.GetWalletAsync()).Address;
        await RpcAsync(api, "anvil_mine", 3); // the funding stays below the reorg

        var transfer = await (await alice.SendAsync(bobAddress, "3", Guid.NewGuid().ToString())).ReadTransferAsync();
        var first = await alice.Http.WaitUntilSettledAsync(transfer.Id, Settle);
        var firstRow = await api.OutboxRowAsync(transfer.Id);
        Assert.Equal(firstRow.BlockHash, (await BlockAsync(api, first.BlockNumber!.Value)).BlockHash, ignoreCase: true);
        await ReorgAsync(api, since: first.BlockNumber!.Value);
        // Its block is gone from the chain. (Not "no receipt": with a block a second the service may already have sent the
        // stored bytes again and had them mined by the time this asks, as happened once on PostgreSQL.)
        Assert.False(string.Equals(firstRow.BlockHash, (await BlockAsync(api, first.BlockNumber!.Value)).BlockHash, StringComparison.OrdinalIgnoreCase));

        var again = await WaitForAsync(() => api.OutboxRowAsync(transfer.Id),
            r => r.Status == TransferStatus.Confirmed && r.BlockHash != firstRow.BlockHash);
        await WaitUntilIndexedAsync(api, again.BlockNumber!.Value);

        Assert.Equal(first.TxHash, again.TxHash); // the stored bytes went out again: no second signature
        Assert.Equal(WalletApi.Units(3), await api.CoinBalanceAsync(bobAddress));
        Assert.Equal(WalletApi.Units(7), await api.CoinBalanceAsync(aliceAddress));
        Assert.Equal(1, await api.RequestsRunBesidesDelegationAsync(aliceAddress));
        var sent = (await alice.HistoryAsync()).Items.Single(e => e.Direction == TransferDirection.Outgoing);
        Assert.Equal((transfer.Id, TransferStatus.Confirmed, again.BlockNumber), (sent.Id, sent.Status, sent.BlockNumber));
        Assert.Equal(again.BlockNumber, Assert.Single((await bob.HistoryAsync()).Items).BlockNumber);
    }

    static Task<Nethereum.RPC.Eth.DTOs.BlockWithTransactionHashes> BlockAsync(ApiFactory api, long number) =>
        api.Chain().Web3.Eth.Blocks.GetBlockWithTransactionsHashesByNumber.SendRequestAsync(new Nethereum.Hex.HexTypes.HexBigInteger(number));

    /// <summary>Replaces every block from <paramref name="since"/> to the head with empty ones.</summary>
    static async Task ReorgAsync(ApiFactory api, long since)
    {
        var head = (long)(await api.Chain().Web3.Eth.Blocks.GetBlockNumber.SendRequestAsync()).Value;
        await RpcAsync(api, "anvil_reorg", head - since + 1, Array.Empty<object>());
    }

    /// <summary>Waits until the indexer's checkpoint has passed <paramref name="block"/>.</summary>
    static Task WaitUntilIndexedAsync(ApiFactory api, long block) =>
        WaitForAsync(async () =>
        {
            await using var scope = api.Services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<OpenChat.Chain.Wallet.WalletDb>();
            return (await db.IndexerCheckpoints.FindAsync(api.Chain().ChainId))?.BlockNumber ?? -1;
        }, indexed => indexed >= block);

    static Task RpcAsync(ApiFactory api, string method, params object[] args) =>
        api.Chain().Web3.Client.SendRequestAsync<object>(new RpcRequest(Guid.NewGuid().ToString(), method, args));

    static async Task<T> WaitForAsync<T>(Func<Task<T>> read, Func<T, bool> done)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            var value = await read();
            if (done(value)) return value;
            if (DateTime.UtcNow > deadline) Assert.Fail($"still {value} after 60 s");
            await Task.Delay(200);
        }
    }
}
