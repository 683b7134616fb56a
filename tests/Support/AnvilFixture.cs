using System.Numerics;
using Microsoft.Extensions.Logging.Abstractions;
using Nethereum.Hex.HexTypes;
using Nethereum.JsonRpc.Client;
using Nethereum.Signer;
using Nethereum.Web3;
using Nethereum.Web3.Accounts;
using OpenChat.Chain.Wallet.Chain;
using OpenChat.Chain.Wallet.Contracts;
using Xunit;

namespace OpenChat.Chain.Tests.Support;

/// <summary>
/// A real anvil (no state file, one-second blocks) with the whole system deployed by the service's own
/// deployer. Tests make their own actors; nothing is shared between tests but the contracts.
/// </summary>
public sealed class AnvilFixture : IAsyncLifetime
{
    EmbeddedAnvil? _anvil;
    int _rpcId;
    // The treasury funds actors for tests running in parallel: one transaction at a time keeps its nonces in order.
    readonly SemaphoreSlim _treasuryTurn = new(1, 1);

    /// <summary>Short governance periods so a proposal's life fits in a test once time is advanced.</summary>
    public static DeploymentSettings Settings { get; } = new()
    {
        VotingDelaySeconds = 60,
        VotingPeriodSeconds = 3_600,
        ProposalThresholdCoins = 1_000,
        QuorumPercent = 4,
        TimelockDelaySeconds = 600,
        CapCoins = 1_000_000_000,
        TreasuryCoins = 99_000_000,
        TestFundingCoins = 100_000_000, // the tests' treasury: the deployer funds actors (production mints it nothing)
    };

    public Uri RpcUrl => _anvil?.RpcUrl ?? throw new InvalidOperationException("anvil not started");
    public ChainContracts Contracts { get; private set; } = null!;
    public ChainActor Treasury { get; private set; } = null!;
    public long ChainId => Contracts.ChainId;

    public async ValueTask InitializeAsync()
    {
        var anvilPath = EmbeddedAnvil.FindInRepository(AppContext.BaseDirectory)
            ?? throw new InvalidOperationException("anvil not found: run scripts/build-contracts.sh");
        _anvil = await EmbeddedAnvil.StartAsync(anvilPath, stateFile: null, blockTimeSeconds: 1, NullLogger.Instance, CancellationToken.None);
        var account = new Account(EmbeddedAnvil.DevAccountKey, 31337);
        var web3 = new Web3(account, RpcUrl.ToString());
        var deployed = await new DeployContracts(NullLogger<DeployContracts>.Instance)
            .DeployAsync(web3, account.Address, 31337, Settings, CancellationToken.None);
        Contracts = deployed.Contracts;
        Treasury = new ChainActor("treasury", new EthECKey(EmbeddedAnvil.DevAccountKey), this);
    }

    /// <summary>A fresh account with the given ChatCoin (from the treasury) and ETH (set by anvil, for gas).</summary>
    public async Task<ChainActor> NewActorAsync(string name, decimal coins = 0, bool withGas = true)
    {
        var actor = new ChainActor(name, EthECKey.GenerateKey(), this);
        if (withGas) await RpcAsync<object>("anvil_setBalance", actor.Address, new HexBigInteger(BigInteger.Pow(10, 20)).HexValue);
        if (coins > 0)
        {
            await _treasuryTurn.WaitAsync();
            try
            {
                await Treasury.SendAsync(Contracts.ChatCoin, ContractArtifact.ChatCoin, "transfer", actor.Address, Coins(coins));
            }
            finally
            {
                _treasuryTurn.Release();
            }
        }
        return actor;
    }

    public Web3 Web3For(EthECKey key) => new(new Account(key, ChainId), RpcUrl.ToString());

    /// <summary>Moves the chain's clock forward and mines a block at the new time.</summary>
    public async Task AdvanceTimeAsync(long seconds)
    {
        await RpcAsync<object>("evm_increaseTime", seconds);
        await RpcAsync<object>("evm_mine");
    }

    public async Task<long> LatestTimestampAsync()
    {
        var block = await new Web3(RpcUrl.ToString()).Eth.Blocks.GetBlockWithTransactionsHashesByNumber
            .SendRequestAsync(Nethereum.RPC.Eth.DTOs.BlockParameter.CreateLatest());
        return (long)block.Timestamp.Value;
    }

    public Task<T> RpcAsync<T>(string method, params object[] args) =>
        new Web3(RpcUrl.ToString()).Client.SendRequestAsync<T>(new RpcRequest(Interlocked.Increment(ref _rpcId), method, args));

    public static BigInteger Coins(decimal coins) => new BigInteger(coins * 1_000_000m) * BigInteger.Pow(10, 12);

    public async ValueTask DisposeAsync()
    {
        if (_anvil is not null) await _anvil.DisposeAsync();
    }
}
