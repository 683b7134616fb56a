using System.Numerics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Nethereum.Hex.HexTypes;
using Nethereum.JsonRpc.Client;
using Nethereum.RPC.Eth.DTOs;
using Nethereum.Web3;
using Nethereum.Web3.Accounts;
using OpenChat.Chain.Tests.Support;
using OpenChat.Chain.Wallet.Chain;
using OpenChat.Chain.Wallet.Contracts;
using OpenChat.Chain.Wallet.Indexer;

namespace OpenChat.Chain.Wallet.Tests.Indexer;

/// <summary>
/// A test's own anvil (reorgs and mined blocks would disturb the shared one) with the contracts deployed and mining
/// switched to one block per transaction, so block numbers are exact; plus a WalletDb on a real SQLite file.
/// </summary>
sealed class IndexedChain : IAsyncDisposable
{
    readonly EmbeddedAnvil _anvil;
    readonly string _dbFile;
    int _rpcId;

    IndexedChain(EmbeddedAnvil anvil, ChainConnection connection, string dbFile)
    {
        (_anvil, Connection, _dbFile) = (anvil, connection, dbFile);
        Status.Ready(connection);
    }

    public ChainConnection Connection { get; }
    public ChainStatus Status { get; } = new();
    public ServiceProvider Services { get; private set; } = null!;

    public static async Task<IndexedChain> StartAsync()
    {
        var anvilPath = EmbeddedAnvil.FindInRepository(AppContext.BaseDirectory)
            ?? throw new InvalidOperationException("anvil not found: run scripts/build-contracts.sh");
        var anvil = await EmbeddedAnvil.StartAsync(anvilPath, stateFile: null, blockTimeSeconds: 1, NullLogger.Instance, CancellationToken.None);
        var account = new Account(EmbeddedAnvil.DevAccountKey, 31337);
        var web3 = new Web3(account, anvil.RpcUrl.ToString());
        var deployed = await new DeployContracts(NullLogger<DeployContracts>.Instance)
            .DeployAsync(web3, account.Address, 31337, AnvilFixture.Settings, CancellationToken.None);
        var chain = new IndexedChain(anvil, new ChainConnection(web3, anvil.RpcUrl, true, account.Address, deployed.Contracts),
            Path.Combine(Path.GetTempPath(), $"indexer-{Guid.NewGuid():N}.db"));
        await chain.RpcAsync<object>("evm_setIntervalMining", 0);
        await chain.RpcAsync<object>("evm_setAutomine", true);
        await chain.OpenDatabaseAsync();
        return chain;
    }

    /// <summary>A fresh service provider on the same SQLite file, as a restarted service would have.</summary>
    public async Task OpenDatabaseAsync()
    {
        if (Services is not null) await Services.DisposeAsync();
        var services = new ServiceCollection();
        services.AddDbContext<WalletDb>(o => o.UseSqlite($"Data Source={_dbFile};Pooling=false",
            sqlite => sqlite.MigrationsHistoryTable(WalletDb.MigrationsTable)));
        Services = services.BuildServiceProvider();
        await using var scope = Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<WalletDb>().Database.MigrateAsync();
    }

    public ChainIndexer NewIndexer(int confirmationDepth) => new(Services.GetRequiredService<IServiceScopeFactory>(), Status,
        new DutyLeases(Services.GetRequiredService<IServiceScopeFactory>(), Options.Create(new LeaseOptions()), TimeProvider.System),
        Options.Create(new IndexerOptions { ConfirmationDepth = confirmationDepth, PollMilliseconds = 50, MaxBlockRange = 7 }),
        NullLogger<ChainIndexer>.Instance);

    public static async Task CatchUpAsync(ChainIndexer indexer, ChainConnection connection)
    {
        while (await indexer.StepAsync(connection, CancellationToken.None)) { }
    }

    public async Task<List<ChainEvent>> EventsAsync()
    {
        await using var scope = Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<WalletDb>().ChainEvents.AsNoTracking()
            .OrderBy(e => e.BlockNumber).ThenBy(e => e.LogIndex).ToListAsync();
    }

    public async Task<IndexerCheckpoint?> CheckpointAsync()
    {
        await using var scope = Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<WalletDb>().IndexerCheckpoints.AsNoTracking().SingleOrDefaultAsync();
    }

    public Task<TransactionReceipt> TransferAsync(string to, BigInteger amount) =>
        SendAsync(Connection.Contracts.ChatCoin, ContractArtifact.ChatCoin, "transfer", to, amount);

    public Task<TransactionReceipt> TipAsync(string author, BigInteger amount) =>
        SendAsync(Connection.Contracts.ChatCoin, ContractArtifact.ChatCoin, "tip", author, amount, new byte[32]);

    public async Task<TransactionReceipt> SendAsync(string contract, ContractArtifact artifact, string function, params object[] args)
    {
        var receipt = await Connection.Web3.Eth.GetContract(artifact.Abi, contract).GetFunction(function)
            .SendTransactionAndWaitForReceiptAsync(Connection.SystemAccount, new HexBigInteger(300_000), null, null, args);
        Assert.Equal(1, (int)receipt.Status.Value);
        return receipt;
    }

    public Task MineAsync(int blocks) => RpcAsync<object>("anvil_mine", blocks);

    public async Task<long> HeadAsync() => (long)(await Connection.Web3.Eth.Blocks.GetBlockNumber.SendRequestAsync()).Value;

    public Task<T> RpcAsync<T>(string method, params object[] args) =>
        Connection.Web3.Client.SendRequestAsync<T>(new RpcRequest(Interlocked.Increment(ref _rpcId), method, args));

    public async ValueTask DisposeAsync()
    {
        await Services.DisposeAsync();
        await _anvil.DisposeAsync();
        File.Delete(_dbFile);
    }
}
