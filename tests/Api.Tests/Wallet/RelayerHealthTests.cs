using System.Net;
using System.Text.Json;

namespace OpenChat.Chain.Api.Tests.Wallet;

public sealed class RelayerHealthTests
{
    [Fact]
    public async Task Health_OnTheEmbeddedChain_ReportsTheRelayerToppedUpFromTheDeployer()
    {
        await using var api = new ApiFactory();

        var response = await api.WaitUntilHealthyAsync(TimeSpan.FromSeconds(90));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var chain = await ChainDataAsync(response);
        Assert.Matches("^0x[0-9a-fA-F]{40}$", chain.GetProperty("relayer").GetString());
        Assert.True(decimal.Parse(chain.GetProperty("relayerBalanceEth").GetString()!, System.Globalization.CultureInfo.InvariantCulture) >= 1);
    }

    [Fact]
    public async Task Health_RelayerBelowTheConfiguredMinimum_IsDegraded()
    {
        await using var api = new ApiFactory { Settings = new Dictionary<string, string> { ["Wallet:RelayerMinimumEth"] = "1000000" } };

        var response = await api.WaitUntilHealthyAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        using var health = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        var check = health.RootElement.GetProperty("checks").GetProperty("chain");
        Assert.Equal("Degraded", check.GetProperty("status").GetString());
        Assert.Contains("relayer", check.GetProperty("description").GetString());
    }

    static async Task<JsonElement> ChainDataAsync(HttpResponseMessage response)
    {
        using var health = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        return health.RootElement.GetProperty("checks").GetProperty("chain").GetProperty("data").Clone();
    }
}
