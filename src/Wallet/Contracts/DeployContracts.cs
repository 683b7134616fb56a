using System.Numerics;
using Microsoft.Extensions.Logging;
using Nethereum.Util;
using Nethereum.Web3;
using OpenChat.Chain.Wallet.Sending;

namespace OpenChat.Chain.Wallet.Contracts;

/// <summary>
/// Deploys the whole system from the deployer account: forwarder, timelock, ChatCoin (minted only by the
/// timelock; tips are its own <c>tip</c>), governor (the timelock's only proposer), RedEnvelope (parameters owned by
/// the timelock), ReleaseRegistry and CircleAccess, then hands the timelock over to governance.
/// Addresses follow from the deployer's nonces, so all five creations go out at once and land in one block.
/// </summary>
public sealed partial class DeployContracts(ILogger<DeployContracts> logger)
{
    static readonly TimeSpan ReceiptTimeout = TimeSpan.FromMinutes(3);
    const string ZeroAddress = "0x0000000000000000000000000000000000000000";

    public sealed record Deployed(ChainContracts Contracts, IReadOnlyList<ContractDeployment> Records);

    /// <param name="rewarder">The account granted RewardsPool's REWARDER_ROLE (the service's rewarder key); the deployer when null.</param>
    public async Task<Deployed> DeployAsync(IWeb3 web3, string deployer, long chainId, DeploymentSettings settings, CancellationToken ct,
        string? rewarder = null)
    {
        var sender = new PipelinedSender(web3, deployer);
        var first = await sender.NextNonceAsync(ct);
        string At(int offset) => new AddressUtil().ConvertToChecksumAddress(ContractUtils.CalculateContractAddress(deployer, first + offset));

        var forwarder = At(0);
        var timelock = At(1);
        var coin = At(2);
        var governor = At(3);
        var envelopes = At(4);
        var releases = At(5);
        var circles = At(6);
        var pool = At(7);
        var tipping = coin; // a tip is ChatCoin.tip: standard allowances, no separate spender

        var (holders, amounts) = InitialDistribution(settings, deployer, timelock, pool);
        (ContractArtifact Artifact, string Address, object[] Args)[] creations =
        [
            (ContractArtifact.ERC2771Forwarder, forwarder, ["OpenChat Forwarder"]),
            // The deployer administers the timelock only until the roles below are granted, then renounces.
            (ContractArtifact.TimelockController, timelock, [new BigInteger(settings.TimelockDelaySeconds), Array.Empty<string>(), Array.Empty<string>(), deployer]),
            // The timelock's and the pool's coins are governance-held: outside the supply quorum counts.
            (ContractArtifact.ChatCoin, coin, [DeploymentSettings.ToBaseUnits(settings.CapCoins), timelock, forwarder, holders, amounts, pool]),
            settings.CoinAge
                ? (ContractArtifact.CoinAgeGovernor, governor, [coin, timelock, (ulong)settings.VotingDelaySeconds, (uint)settings.VotingPeriodSeconds,
                    DeploymentSettings.ToBaseUnits(settings.ProposalThresholdCoins), new BigInteger(settings.QuorumPercent), forwarder,
                    (ulong)settings.CoinAgeMaturitySeconds, (ushort)settings.CoinAgeMaxBonusBps])
                : (ContractArtifact.ChatGovernor, governor, [coin, timelock, (ulong)settings.VotingDelaySeconds, (uint)settings.VotingPeriodSeconds,
                    DeploymentSettings.ToBaseUnits(settings.ProposalThresholdCoins), new BigInteger(settings.QuorumPercent), forwarder]),
            (ContractArtifact.RedEnvelope, envelopes, [timelock, forwarder, (uint)settings.MaxEnvelopeShares, BigInteger.Parse(settings.MinEnvelopeShare)]),
            .. LateCreations(releases, circles, pool, timelock, coin, forwarder, rewarder ?? deployer, settings),
        ];

        var hashes = new Dictionary<string, string>();
        for (var i = 0; i < creations.Length; i++)
        {
            var (artifact, address, args) = creations[i];
            var data = web3.Eth.DeployContract.GetData(artifact.Bytecode, artifact.Abi, args);
            var gas = await sender.EstimateGasAsync(null, data, ct);
            hashes[artifact.Name] = await sender.SendAsync(null, data, gas, ct);
            LogDeploying(logger, artifact.Name, i + 1, creations.Length + 1, address, chainId);
        }
        var receipts = await sender.WaitForAllAsync(ReceiptTimeout, ct);
        for (var i = 0; i < creations.Length; i++)
        {
            var actual = receipts[i].ContractAddress;
            if (!AddressUtil.Current.AreAddressesTheSame(actual, creations[i].Address))
                throw new InvalidOperationException($"{creations[i].Artifact.Name} landed at {actual}, expected {creations[i].Address}");
        }

        LogDeploying(logger, "timelock roles", creations.Length + 1, creations.Length + 1, timelock, chainId);
        await HandTimelockToGovernanceAsync(web3, sender, timelock, governor, deployer, ct);

        var now = DateTimeOffset.UtcNow;
        var records = creations.Select((c, i) => new ContractDeployment(
            chainId, c.Artifact.Name, c.Address, hashes[c.Artifact.Name], (long)receipts[i].BlockNumber.Value, now)).ToList();
        var contracts = new ChainContracts(chainId, forwarder, timelock, coin, governor, envelopes, tipping, releases, circles, pool);
        LogDeployed(logger, chainId, coin, governor, envelopes, tipping);
        return new Deployed(contracts, records);
    }

    /// <summary>Contracts added after the first release, owned by the timelock: a chain deployed before them gets them alone.</summary>
    static (ContractArtifact Artifact, string Address, object[] Args)[] LateCreations(string releases, string circles, string pool, string timelock,
        string coin, string forwarder, string rewarder, DeploymentSettings settings) =>
    [
        (ContractArtifact.ReleaseRegistry, releases, [timelock]),
        // The treasury share of circle payments goes to the timelock until governance names another treasury.
        (ContractArtifact.CircleAccess, circles, [coin, timelock, timelock, forwarder]),
        // Governed by the timelock; the service's rewarder key pays the rewards, within the daily budget on chain.
        (ContractArtifact.RewardsPool, pool, [coin, timelock, rewarder, forwarder, DeploymentSettings.ToBaseUnits(settings.WelcomeRewardCoins),
            DeploymentSettings.ToBaseUnits(settings.InviteRewardCoins), DeploymentSettings.ToBaseUnits(settings.RewardsDailyBudgetCoins)]),
    ];

    /// <summary>Deploys what a recorded deployment lacks (contracts newer than it), next to the existing ones.</summary>
    public async Task<IReadOnlyList<ContractDeployment>> DeployLateAsync(IWeb3 web3, string deployer, long chainId, string timelock, string coin,
        string forwarder, IReadOnlyCollection<string> missing, DeploymentSettings settings, CancellationToken ct, string? rewarder = null)
    {
        var sender = new PipelinedSender(web3, deployer);
        var first = await sender.NextNonceAsync(ct);
        var releases = new AddressUtil().ConvertToChecksumAddress(ContractUtils.CalculateContractAddress(deployer, first));
        var circles = new AddressUtil().ConvertToChecksumAddress(ContractUtils.CalculateContractAddress(deployer, first + 1));
        var pool = new AddressUtil().ConvertToChecksumAddress(ContractUtils.CalculateContractAddress(deployer, first + 2));
        // A pool added to an older chain starts empty and outside that coin's governance-held supply: governance funds it.
        var late = LateCreations(releases, circles, pool, timelock, coin, forwarder, rewarder ?? deployer, settings).Where(c => missing.Contains(c.Artifact.Name)).ToList();
        var sent = new List<(ContractArtifact Artifact, string Hash)>();
        foreach (var (artifact, _, args) in late)
        {
            var data = web3.Eth.DeployContract.GetData(artifact.Bytecode, artifact.Abi, args);
            sent.Add((artifact, await sender.SendAsync(null, data, await sender.EstimateGasAsync(null, data, ct), ct)));
            LogDeploying(logger, artifact.Name, sent.Count, late.Count, "(next nonce)", chainId);
        }
        var receipts = await sender.WaitForAllAsync(ReceiptTimeout, ct);
        var now = DateTimeOffset.UtcNow;
        return sent.Select((s, i) => new ContractDeployment(chainId, s.Artifact.Name,
            new AddressUtil().ConvertToChecksumAddress(receipts[i].ContractAddress), s.Hash, (long)receipts[i].BlockNumber.Value, now)).ToList();
    }

    static (string[] Holders, BigInteger[] Amounts) InitialDistribution(DeploymentSettings settings, string deployer, string timelock, string pool)
    {
        var holders = new List<string> { timelock, pool };
        var amounts = new List<BigInteger> { DeploymentSettings.ToBaseUnits(settings.TreasuryCoins), DeploymentSettings.ToBaseUnits(settings.RewardsPoolCoins) };
        if (settings.TestFundingCoins > 0)
        {
            holders.Add(deployer);
            amounts.Add(DeploymentSettings.ToBaseUnits(settings.TestFundingCoins));
        }
        foreach (var (holder, coins) in settings.InitialDistribution)
        {
            holders.Add(holder);
            amounts.Add(DeploymentSettings.ToBaseUnits(coins));
        }
        return (holders.ToArray(), amounts.ToArray());
    }

    static async Task HandTimelockToGovernanceAsync(IWeb3 web3, PipelinedSender sender, string timelock, string governor, string deployer, CancellationToken ct)
    {
        var contract = web3.Eth.GetContract(ContractArtifact.TimelockController.Abi, timelock);
        byte[] Role(string name) => Sha3Keccack.Current.CalculateHash(System.Text.Encoding.UTF8.GetBytes(name));
        var grant = contract.GetFunction("grantRole");
        var renounce = contract.GetFunction("renounceRole");
        string[] calls =
        [
            grant.GetData(Role("PROPOSER_ROLE"), governor),
            grant.GetData(Role("CANCELLER_ROLE"), governor),
            grant.GetData(Role("EXECUTOR_ROLE"), ZeroAddress), // anyone may execute once the delay has passed
            renounce.GetData(new byte[32], deployer), // DEFAULT_ADMIN_ROLE: from now on only governance changes roles
        ];
        foreach (var data in calls) await sender.SendAsync(timelock, data, 150_000, ct);
        await sender.WaitForAllAsync(ReceiptTimeout, ct);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Deploying {Contract} ({Step}/{Steps}) at {Address} on chain {ChainId}")]
    static partial void LogDeploying(ILogger logger, string contract, int step, int steps, string address, long chainId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Contracts deployed on chain {ChainId}: ChatCoin {ChatCoin}, governor {Governor}, RedEnvelope {RedEnvelope}, Tipping {Tipping}")]
    static partial void LogDeployed(ILogger logger, long chainId, string chatCoin, string governor, string redEnvelope, string tipping);
}
