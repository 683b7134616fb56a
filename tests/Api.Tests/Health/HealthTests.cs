using System.Net;
using Microsoft.AspNetCore.Http;
using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using OpenChat.Chain.Wallet.Chain;

namespace OpenChat.Chain.Api.Tests.Health;

public sealed class HealthTests
{
    [Fact]
    public async Task Health_OnFirstStart_ReportsDatabaseAndDeployedContractsOnEmbeddedAnvil()
    {
        await using var api = new ApiFactory();

        var response = await api.WaitUntilHealthyAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var health = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        var checks = health.RootElement.GetProperty("checks");
        Assert.Equal("Healthy", checks.GetProperty("database").GetProperty("status").GetString());
        var chain = checks.GetProperty("chain").GetProperty("data");
        Assert.Equal(31337, chain.GetProperty("chainId").GetInt64());
        Assert.True(chain.GetProperty("embedded").GetBoolean());
        var contracts = chain.GetProperty("contracts");
        foreach (var name in new[] { "Forwarder", "Timelock", "ChatCoin", "Governor", "RedEnvelope", "Tipping" })
            Assert.Matches("^0x[0-9a-fA-F]{40}$", contracts.GetProperty(name).GetString());
    }

    [Fact]
    public async Task Health_AfterRestartOnTheSameData_ReusesTheChainAndItsContracts()
    {
        string firstCoin, dataDirectory;
        long firstBlock;
        await using (var first = new ApiFactory { KeepDatabase = true })
        {
            dataDirectory = first.DataDirectory;
            (firstCoin, firstBlock) = await ChainFactsAsync(await first.WaitUntilHealthyAsync(TimeSpan.FromSeconds(60)));
        }

        await using var second = new ApiFactory { DataDirectory = dataDirectory };
        var (secondCoin, secondBlock) = await ChainFactsAsync(await second.WaitUntilHealthyAsync(TimeSpan.FromSeconds(60)));

        Assert.Equal(firstCoin, secondCoin);
        Assert.True(secondBlock >= firstBlock, $"the chain went back from block {firstBlock} to {secondBlock}");
    }

    [Fact]
    public async Task Health_WithConfiguredRpcUrl_DeploysToThatChainInsteadOfStartingAnvil()
    {
        var anvilPath = EmbeddedAnvil.FindInRepository(AppContext.BaseDirectory)!;
        await using var external = await EmbeddedAnvil.StartAsync(anvilPath, stateFile: null, blockTimeSeconds: 1,
            NullLogger.Instance, TestContext.Current.CancellationToken);
        // anvil's funded account 1 (m/44'/60'/0'/0/1 of the test mnemonic) deploys, so the addresses differ from the default's.
        const string deployerKey = "0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d";
        await using var api = new ApiFactory
        {
            Settings = new Dictionary<string, string>
            {
                ["Chain:RpcUrl"] = external.RpcUrl.ToString(),
                ["Chain:DeployerPrivateKey"] = deployerKey,
                // An external chain needs the seed's passphrase configured; the deployer funds the relayer.
                ["Wallet:SeedPassphrase"] = "correct horse battery staple",
                ["Wallet:FundRelayer"] = "true",
            },
        };

        var response = await api.WaitUntilHealthyAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var health = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        var chain = health.RootElement.GetProperty("checks").GetProperty("chain").GetProperty("data");
        Assert.False(chain.GetProperty("embedded").GetBoolean());
        var coin = chain.GetProperty("contracts").GetProperty("ChatCoin").GetString()!;
        var code = await new Nethereum.Web3.Web3(external.RpcUrl.ToString()).Eth.GetCode.SendRequestAsync(coin);
        Assert.True(code.Length > 2, "no ChatCoin code on the configured chain");
        Assert.DoesNotContain(deployerKey[2..], await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Health_ForARemoteCaller_SaysOnlyTheVerdict_UnlessTheOperatorAsksForDetails()
    {
        await using var api = new ApiFactory();
        await api.WaitUntilHealthyAsync(TimeSpan.FromSeconds(60));
        await using var detailed = new ApiFactory { Settings = new Dictionary<string, string> { ["Health:Details"] = "true" } };
        await detailed.WaitUntilHealthyAsync(TimeSpan.FromSeconds(60));

        var (remoteStatus, remote) = await HealthFromAsync(api, IPAddress.Parse("203.0.113.7"));
        var (loopbackStatus, loopback) = await HealthFromAsync(api, IPAddress.IPv6Loopback);
        var (operatorStatus, forOperator) = await HealthFromAsync(detailed, IPAddress.Parse("203.0.113.7"));

        Assert.Equal((HttpStatusCode.OK, """{"status":"Healthy"}"""), (remoteStatus, remote));
        Assert.Equal(HttpStatusCode.OK, loopbackStatus);
        Assert.Equal(HttpStatusCode.OK, operatorStatus);
        foreach (var details in new[] { loopback, forOperator })
        {
            using var health = JsonDocument.Parse(details);
            var chain = health.RootElement.GetProperty("checks").GetProperty("chain").GetProperty("data");
            Assert.True(chain.TryGetProperty("rpcUrl", out _) && chain.TryGetProperty("relayer", out _), details);
        }
    }

    // The in-memory server has no network: the caller's address is set on the request as Kestrel would set it.
    static async Task<(HttpStatusCode, string)> HealthFromAsync(ApiFactory api, IPAddress caller)
    {
        var context = await api.Server.SendAsync(http =>
        {
            http.Request.Method = HttpMethods.Get;
            http.Request.Path = "/health";
            http.Connection.RemoteIpAddress = caller;
        }, TestContext.Current.CancellationToken);
        return ((HttpStatusCode)context.Response.StatusCode, await new StreamReader(context.Response.Body).ReadToEndAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task OpenApiDocument_IsServed()
    {
        await using var api = new ApiFactory();
        using var client = api.CreateClient();

        using var document = JsonDocument.Parse(await client.GetStringAsync("/openapi/v1.json", TestContext.Current.CancellationToken));

        Assert.StartsWith("3.", document.RootElement.GetProperty("openapi").GetString());
        Assert.True(document.RootElement.GetProperty("paths").TryGetProperty("/health", out _));
    }

    static async Task<(string ChatCoin, long Block)> ChainFactsAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var health = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        var chain = health.RootElement.GetProperty("checks").GetProperty("chain").GetProperty("data");
        return (chain.GetProperty("contracts").GetProperty("ChatCoin").GetString()!, chain.GetProperty("blockNumber").GetInt64());
    }
}
