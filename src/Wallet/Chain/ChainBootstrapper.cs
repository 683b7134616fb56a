using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Nethereum.JsonRpc.Client;
using Nethereum.Web3;
using Nethereum.Web3.Accounts;
using OpenChat.Chain.Wallet.Contracts;

namespace OpenChat.Chain.Wallet.Chain;

/// <summary>
/// Brings the chain up at start: the embedded anvil when no RPC URL is configured (state kept in the data
/// folder), else the configured chain; then reuses the recorded deployment if its code is still on chain, or
/// deploys the contracts once and records their addresses.
/// </summary>
public sealed partial class ChainBootstrapper(
    IOptions<ChainOptions> options,
    IOptions<DeploymentSettings> deployment,
    WalletPaths paths,
    ChainStatus status,
    IServiceScopeFactory scopes,
    DeployContracts deployer,
    DutyLeases leases,
    Keys.WalletKeys keys,
    ILogger<ChainBootstrapper> logger) : BackgroundService
{
    static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(5);
    // Instances started together on a fresh database must not each deploy: the one holding this lease does, the others
    // wait and reuse its record. Not renewed while deploying, so it outlasts a deployment; a crash mid-way frees it then.
    const string DeploymentDuty = "ChainDeployment";
    static readonly TimeSpan DeploymentLease = TimeSpan.FromMinutes(2);
    EmbeddedAnvil? _anvil;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            var (rpcUrl, key) = await StartChainAsync(stoppingToken);
            while (!stoppingToken.IsCancellationRequested)
            {
                try
                {
                    status.Ready(await ConnectAsync(rpcUrl, key, stoppingToken));
                    return;
                }
                catch (Exception e) when (e is RpcClientUnknownException or HttpRequestException or RpcClientTimeoutException)
                {
                    // An outage, not a bug: keep trying; /health says the chain is unreachable meanwhile.
                    status.Unreachable($"The chain at {rpcUrl} does not answer");
                    LogUnreachable(logger, rpcUrl, e.GetType().Name);
                    await Task.Delay(RetryDelay, stoppingToken);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested) { }
        catch (Exception e)
        {
            status.Failed(e is ChainConfigurationException ? e.Message : "contract deployment failed; see the service log");
            LogFailed(logger, e);
        }
    }

    async Task<(Uri RpcUrl, string DeployerKey)> StartChainAsync(CancellationToken ct)
    {
        var chain = options.Value;
        if (!chain.UsesEmbeddedAnvil)
        {
            if (string.IsNullOrWhiteSpace(chain.DeployerPrivateKey))
                throw new ChainConfigurationException("Chain:RpcUrl is set but Chain:DeployerPrivateKey is not");
            return (new Uri(chain.RpcUrl!), chain.DeployerPrivateKey);
        }
        var anvilPath = chain.AnvilPath
            ?? EmbeddedAnvil.FindInRepository(paths.ContentRoot, AppContext.BaseDirectory)
            ?? throw new ChainConfigurationException(
                "anvil was not found: run scripts/build-contracts.sh (npm ci in contracts/) or set Chain:AnvilPath");
        _anvil = await EmbeddedAnvil.StartAsync(anvilPath, paths.AnvilStateFile, chain.BlockTimeSeconds, logger, ct);
        return (_anvil.RpcUrl, EmbeddedAnvil.DevAccountKey);
    }

    async Task<ChainConnection> ConnectAsync(Uri rpcUrl, string deployerKey, CancellationToken ct)
    {
        var probe = new Web3(rpcUrl.ToString());
        var chainId = (long)(await probe.Eth.ChainId.SendRequestAsync().WaitAsync(ct)).Value;
        var account = new Account(deployerKey, chainId);
        var web3 = new Web3(account, rpcUrl.ToString());

        var waiting = false;
        while (true)
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<WalletDb>();
            var recorded = await db.ContractDeployments.Where(d => d.ChainId == chainId).ToListAsync(ct);
            var contracts = await ReuseAsync(web3, chainId, recorded, ct);
            var missing = contracts is null ? [] : LateNames.Where(n => !recorded.Any(r => r.Name == n)).ToList();
            if (contracts is not null && missing.Count == 0)
            {
                LogReused(logger, chainId, contracts.ChatCoin);
                return new ChainConnection(web3, rpcUrl, _anvil is not null, account.Address, contracts);
            }
            if (!await leases.HoldAsync(DeploymentDuty, DeploymentLease, ct))
            {
                if (!waiting) LogDeployingElsewhere(logger, chainId, await leases.HolderAsync(DeploymentDuty, ct));
                waiting = true;
                await Task.Delay(leases.RenewEvery, ct);
                continue;
            }
            try
            {
                // Read again under the lease: another instance may have deployed between the first read and taking it.
                recorded = await db.ContractDeployments.Where(d => d.ChainId == chainId).ToListAsync(ct);
                contracts = await ReuseAsync(web3, chainId, recorded, ct);
                return new ChainConnection(web3, rpcUrl, _anvil is not null, account.Address,
                    await DeployAsync(db, web3, rpcUrl, account.Address, chainId, recorded, contracts, ct));
            }
            finally
            {
                await leases.ReleaseAsync(DeploymentDuty, CancellationToken.None);
            }
        }
    }

    /// <summary>Deploys what the record lacks: everything on a fresh (or reset) chain, else the contracts added since.</summary>
    async Task<ChainContracts> DeployAsync(WalletDb db, Web3 web3, Uri rpcUrl, string deployerAddress, long chainId,
        List<ContractDeployment> recorded, ChainContracts? contracts, CancellationToken ct)
    {
        if (contracts is not null && LateNames.Where(n => !recorded.Any(r => r.Name == n)).ToList() is { Count: > 0 } missing)
        {
            // Recorded before these contracts existed: add them next to the running system, keeping its state.
            status.Deploying();
            var added = await deployer.DeployLateAsync(web3, deployerAddress, chainId, contracts.Timelock, contracts.ChatCoin, contracts.Forwarder, missing, deployment.Value, ct,
                await RewarderAsync(ct));
            db.ContractDeployments.AddRange(added);
            await db.SaveChangesAsync(ct);
            recorded = [.. recorded, .. added];
            contracts = await ReuseAsync(web3, chainId, recorded, ct);
        }
        if (contracts is null)
        {
            status.Deploying();
            LogFirstDeployment(logger, chainId, rpcUrl, deployerAddress);
            var deployed = await deployer.DeployAsync(web3, deployerAddress, chainId, deployment.Value, ct, await RewarderAsync(ct));
            db.ContractDeployments.RemoveRange(recorded);
            db.ContractDeployments.AddRange(deployed.Records);
            await db.SaveChangesAsync(ct);
            contracts = deployed.Contracts;
        }
        else
        {
            LogReused(logger, chainId, contracts.ChatCoin);
        }
        return contracts;
    }

    /// <summary>
    /// The service's rewarder account, which RewardsPool grants REWARDER_ROLE: a key of the wallet's seed, so rewards go
    /// through the outbox like every other action. Without keys, the deployer (the service cannot pay rewards then anyway).
    /// </summary>
    async Task<string?> RewarderAsync(CancellationToken ct)
    {
        await Task.Run(keys.Load, ct); // idempotent; the broadcaster loads them too
        return (await keys.GetAsync(ct))?.AddressOf(Keys.WalletKeys.RewarderIndex);
    }

    static readonly string[] LateNames = ["ReleaseRegistry", "CircleAccess", "RewardsPool"];

    /// <summary>
    /// The recorded deployment, if every core contract's code is still there (a reset chain has none). Contracts newer
    /// than the record read as empty addresses until they are added.
    /// </summary>
    static async Task<ChainContracts?> ReuseAsync(IWeb3 web3, long chainId, IReadOnlyList<ContractDeployment> recorded, CancellationToken ct)
    {
        var byName = recorded.ToDictionary(d => d.Name, d => d.Address);
        if (byName.TryGetValue("CoinAgeGovernor", out var coinAge)) byName["ChatGovernor"] = coinAge;
        string[] names = ["ERC2771Forwarder", "TimelockController", "ChatCoin", "ChatGovernor", "RedEnvelope"];
        if (!names.All(byName.ContainsKey)) return null;
        foreach (var name in names.Concat(LateNames.Where(byName.ContainsKey)))
        {
            var code = await web3.Eth.GetCode.SendRequestAsync(byName[name]).WaitAsync(ct);
            if (string.IsNullOrEmpty(code) || code == "0x") return null;
        }
        return new ChainContracts(chainId, byName["ERC2771Forwarder"], byName["TimelockController"], byName["ChatCoin"],
            byName["ChatGovernor"], byName["RedEnvelope"], byName["ChatCoin"], byName.GetValueOrDefault("ReleaseRegistry", ""),
            byName.GetValueOrDefault("CircleAccess", ""), byName.GetValueOrDefault("RewardsPool", ""));
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        if (_anvil is not null) await _anvil.DisposeAsync();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "First start on chain {ChainId} ({RpcUrl}): deploying the contracts from {Deployer}")]
    static partial void LogFirstDeployment(ILogger logger, long chainId, Uri rpcUrl, string deployer);

    [LoggerMessage(Level = LogLevel.Information, Message = "Chain {ChainId}: reusing the recorded deployment (ChatCoin {ChatCoin})")]
    static partial void LogReused(ILogger logger, long chainId, string chatCoin);

    [LoggerMessage(Level = LogLevel.Information, Message = "Chain {ChainId}: {Holder} is deploying the contracts; waiting for its record")]
    static partial void LogDeployingElsewhere(ILogger logger, long chainId, string? holder);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Chain at {RpcUrl} unreachable ({Reason}); retrying")]
    static partial void LogUnreachable(ILogger logger, Uri rpcUrl, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Chain set-up failed")]
    static partial void LogFailed(ILogger logger, Exception exception);
}

/// <summary>The chain settings cannot work as given; the message says which setting.</summary>
public sealed class ChainConfigurationException(string message) : Exception(message);
