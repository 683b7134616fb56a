using System.Numerics;
using Microsoft.Extensions.Logging.Abstractions;
using Nethereum.Hex.HexTypes;
using Nethereum.Signer;
using Nethereum.Web3;
using Nethereum.Web3.Accounts;
using OpenChat.Chain.Tests.Support;
using OpenChat.Chain.Wallet.Chain;
using OpenChat.Chain.Wallet.Contracts;

namespace OpenChat.Chain.Wallet.Tests.Contracts;

/// <summary>
/// The service's own deployment without test funding, as production runs it: the treasury belongs to the timelock, the
/// rewards pool is funded, the deployer key keeps no coins and may pay a welcome reward once per account.
/// </summary>
public sealed class TreasuryDeploymentTests
{
    [Fact]
    public async Task Deploy_WithoutTestFunding_GivesTheTreasuryToGovernanceAndLetsTheServicePayWelcomes()
    {
        var anvilPath = EmbeddedAnvil.FindInRepository(AppContext.BaseDirectory)
            ?? throw new InvalidOperationException("anvil not found: run scripts/build-contracts.sh");
        await using var anvil = await EmbeddedAnvil.StartAsync(anvilPath, stateFile: null, blockTimeSeconds: 1, NullLogger.Instance, CancellationToken.None);
        var account = new Account(EmbeddedAnvil.DevAccountKey, 31337);
        var web3 = new Web3(account, anvil.RpcUrl.ToString());
        var settings = new DeploymentSettings { TimelockDelaySeconds = 600 }; // production's coin defaults, no TestFundingCoins
        var contracts = (await new DeployContracts(NullLogger<DeployContracts>.Instance)
            .DeployAsync(web3, account.Address, 31337, settings, CancellationToken.None)).Contracts;

        var coin = web3.Eth.GetContract(ContractArtifact.ChatCoin.Abi, contracts.ChatCoin);
        Task<BigInteger> BalanceOf(string who) => coin.GetFunction("balanceOf").CallAsync<BigInteger>(who);
        Assert.Equal(AnvilFixture.Coins(99_000_000), await BalanceOf(contracts.Timelock));
        Assert.Equal(AnvilFixture.Coins(1_000_000), await BalanceOf(contracts.RewardsPool));
        Assert.Equal(BigInteger.Zero, await BalanceOf(account.Address));
        Assert.Equal(AnvilFixture.Coins(100_000_000), await coin.GetFunction("governanceHeld").CallAsync<BigInteger>());
        var governor = web3.Eth.GetContract(ContractArtifact.ChatGovernor.Abi, contracts.Governor);
        Assert.Equal(AnvilFixture.Coins(100), await governor.GetFunction("proposalThreshold").CallAsync<BigInteger>());

        var pool = web3.Eth.GetContract(ContractArtifact.RewardsPool.Abi, contracts.RewardsPool);
        var newcomer = EthECKey.GenerateKey().GetPublicAddress();
        var receipt = await pool.GetFunction("payWelcome").SendTransactionAndWaitForReceiptAsync(
            account.Address, new HexBigInteger(300_000), null, null, newcomer);
        Assert.Equal(1, (int)receipt.Status.Value);
        Assert.Equal(AnvilFixture.Coins(100), await BalanceOf(newcomer));
        Assert.True(await pool.GetFunction("welcomed").CallAsync<bool>(newcomer));
        // A second welcome is refused on chain (RewardsPoolAlreadyWelcomed): the estimate already fails.
        await Assert.ThrowsAnyAsync<Exception>(() => pool.GetFunction("payWelcome").EstimateGasAsync(account.Address, null, null, newcomer));
    }
}
