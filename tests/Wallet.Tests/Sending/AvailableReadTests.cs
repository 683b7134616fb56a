using Microsoft.EntityFrameworkCore;
using OpenChat.Chain.Tests.Support;
using OpenChat.Chain.Wallet.Chain;
using OpenChat.Chain.Wallet.Contracts;
using OpenChat.Chain.Wallet.Keys;
using OpenChat.Chain.Wallet.Sending;

namespace OpenChat.Chain.Wallet.Tests.Sending;

/// <summary>
/// ChainReads.AvailableAsync reads an account's available coins once per unit of work (the custody gate and the use case
/// both ask): a row that unit of work queued is never left out, and another unit of work reads the chain again.
/// </summary>
public sealed class AvailableReadTests(AnvilFixture chain) : IAsyncLifetime
{
    static readonly DateTime Now = new(2026, 12, 5, 2, 0, 0, DateTimeKind.Utc);
    readonly string _file = Path.Combine(Path.GetTempPath(), $"available-{Guid.NewGuid():N}.db");

    [Fact]
    public async Task Available_AfterThisUnitOfWorkQueuedARow_LeavesItOut_AndANewUnitOfWorkSeesTheChainAgain()
    {
        var ct = TestContext.Current.CancellationToken;
        using var wallet = HdWallet.CreateNew();
        var funder = await chain.NewActorAsync("funder", coins: 20); // the treasury itself is shared by parallel tests
        await funder.SendAsync(chain.Contracts.ChatCoin, ContractArtifact.ChatCoin, "transfer", wallet.AddressOf(1), AnvilFixture.Coins(10));
        var connection = new ChainConnection(chain.Web3For(chain.Treasury.Key), chain.RpcUrl, false, chain.Treasury.Address, chain.Contracts);

        await using (var request = Open())
        {
            Assert.Equal(AnvilFixture.Coins(10), await connection.AvailableAsync(request, 1, wallet.AddressOf(1), ct));
            request.OutgoingTransfers.Add(new OutgoingTransfer(Guid.NewGuid(), 1, "key-1", TransferKind.Transfer, wallet.AddressOf(1),
                funder.Address, AnvilFixture.Coins(3), Now));
            await request.SaveChangesAsync(ct);

            // At once, in the same unit of work: the queued 3 are promised.
            Assert.Equal(AnvilFixture.Coins(7), await connection.AvailableAsync(request, 1, wallet.AddressOf(1), ct));
        }

        await funder.SendAsync(chain.Contracts.ChatCoin, ContractArtifact.ChatCoin, "transfer", wallet.AddressOf(1), AnvilFixture.Coins(5));
        await using (var next = Open())
            Assert.Equal(AnvilFixture.Coins(12), await connection.AvailableAsync(next, 1, wallet.AddressOf(1), ct));
    }

    [Fact]
    public async Task Available_AfterTheKeyLookup_CountsItsInFlightRows_AndBringsTheRecipientsCode()
    {
        var ct = TestContext.Current.CancellationToken;
        using var wallet = HdWallet.CreateNew();
        var funder = await chain.NewActorAsync("funder", coins: 20);
        await funder.SendAsync(chain.Contracts.ChatCoin, ContractArtifact.ChatCoin, "transfer", wallet.AddressOf(1), AnvilFixture.Coins(10));
        var connection = new ChainConnection(chain.Web3For(chain.Treasury.Key), chain.RpcUrl, false, chain.Treasury.Address, chain.Contracts);
        await using (var earlier = Open())
        {
            earlier.OutgoingTransfers.Add(new OutgoingTransfer(Guid.NewGuid(), 1, "key-1", TransferKind.Transfer, wallet.AddressOf(1),
                funder.Address, AnvilFixture.Coins(3), Now));
            await earlier.SaveChangesAsync(ct);
        }

        await using var request = Open();
        Assert.Null(await OutboxKeys.FindAsync(request, 1, "key-2", ct));
        // The key's query brought the queued 3 along; one read of the chain brings the balance, the nonce and the code.
        Assert.Equal(AnvilFixture.Coins(7), await connection.AvailableAsync(request, 1, wallet.AddressOf(1), ct, codeOf: chain.Contracts.ChatCoin));
        Assert.True(ChainReads.RecipientHasCode(request, chain.Contracts.ChatCoin));
        Assert.Null(ChainReads.RecipientHasCode(request, funder.Address));
        Assert.Equal(AnvilFixture.Coins(7), await connection.AvailableAsync(request, 1, wallet.AddressOf(1), ct, codeOf: funder.Address));
        Assert.False(ChainReads.RecipientHasCode(request, funder.Address));
    }

    WalletDb Open() => new(new DbContextOptionsBuilder<WalletDb>()
        .UseSqlite($"Data Source={_file};Pooling=false", sqlite => sqlite.MigrationsHistoryTable(WalletDb.MigrationsTable)).Options);

    public async ValueTask InitializeAsync()
    {
        await using var db = Open();
        await db.Database.MigrateAsync();
    }

    public ValueTask DisposeAsync()
    {
        File.Delete(_file);
        return ValueTask.CompletedTask;
    }
}
