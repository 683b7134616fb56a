using System.Globalization;
using System.Numerics;
using System.Text.Json;
using Nethereum.JsonRpc.Client;
using Nethereum.Web3;
using Nethereum.Web3.Accounts;
using OpenChat.Chain.Wallet.Chain;

namespace OpenChat.Chain.Browser.Tests.Support;

/// <summary>The served app's own anvil, reached the way /health names it: balances read from the chain, not the page.</summary>
public sealed class TestChain(Web3 web3, string chatCoin)
{
    public static async Task<TestChain> OfAsync(ServedApp app)
    {
        using var http = new HttpClient { BaseAddress = new Uri(app.BaseUrl) };
        using var health = JsonDocument.Parse(await http.GetStringAsync("/health", TestContext.Current.CancellationToken));
        var chain = health.RootElement.GetProperty("checks").GetProperty("chain").GetProperty("data");
        var web3 = new Web3(new Account(EmbeddedAnvil.DevAccountKey, chain.GetProperty("chainId").GetInt64()), chain.GetProperty("rpcUrl").GetString());
        return new TestChain(web3, chain.GetProperty("contracts").GetProperty("ChatCoin").GetString()!);
    }

    public static BigInteger Units(decimal coins) => new BigInteger(coins * 1_000_000m) * BigInteger.Pow(10, 12);

    /// <summary>Whole coins as the API writes them ("12.5", "3.000000000000000001") in base units, exactly.</summary>
    public static BigInteger Units(string coins)
    {
        var parts = coins.Split('.');
        return BigInteger.Parse(parts[0] + (parts.Length > 1 ? parts[1] : "").PadRight(18, '0'), CultureInfo.InvariantCulture);
    }

    /// <summary>The deployer (the embedded chain's treasury) pays <paramref name="coins"/> CHAT to the address.</summary>
    /// <remarks>
    /// The service relays with the same account (self-delegations of new users, circle registrations): a transaction that
    /// loses the nonce race is sent again until the balance shows it.
    /// </remarks>
    public Task FundAsync(string address, decimal coins) => FundUnitsAsync(address, Units(coins));

    /// <summary>Exact coins with up to 18 decimals ("20.123456789").</summary>
    public Task FundAsync(string address, string coins) => FundUnitsAsync(address, Units(coins));

    async Task FundUnitsAsync(string address, BigInteger units)
    {
        var target = await BalanceAsync(address) + units;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
                var receipt = await web3.Eth.ERC20.GetContractService(chatCoin).TransferRequestAndWaitForReceiptAsync(address, units, timeout.Token);
                if (receipt.Status?.Value == 1 && await BalanceAsync(address) >= target) return;
            }
            catch (Exception e) when (attempt < 4 && e is not OperationCanceledException)
            {
                // nonce taken by the service's own relay: try again
            }
            if (attempt >= 4) throw new InvalidOperationException($"funding {address} with {units} base units did not land");
            await Task.Delay(1000);
        }
    }

    public Task<BigInteger> BalanceAsync(string address) =>
        web3.Eth.ERC20.GetContractService(chatCoin).BalanceOfQueryAsync(address).WaitAsync(TimeSpan.FromSeconds(15));

    /// <summary>Moves the chain's clock forward and mines a block at the new time (anvil's RPC).</summary>
    public async Task WarpAsync(long seconds)
    {
        await web3.Client.SendRequestAsync<object>(new RpcRequest(Guid.NewGuid().ToString(), "evm_increaseTime", seconds)).WaitAsync(TimeSpan.FromSeconds(15));
        await web3.Client.SendRequestAsync<object>(new RpcRequest(Guid.NewGuid().ToString(), "evm_mine")).WaitAsync(TimeSpan.FromSeconds(15));
    }
}
