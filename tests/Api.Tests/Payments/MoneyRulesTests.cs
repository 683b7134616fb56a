using System.Net;
using System.Net.Http.Json;
using OpenChat.Chain.Api.Tests.Support;
using OpenChat.Chain.Api.Tests.Wallet;
using OpenChat.Chain.Payments.Rules;

namespace OpenChat.Chain.Api.Tests.Payments;

/// <summary>GET /api/payments/rules gives forms the rules the server checks before a passkey: read from the deployed envelope contract.</summary>
public sealed class MoneyRulesTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    [Fact]
    public async Task MoneyRules_AreTheEnvelopeContractsParameters_AndTheThirtyDayLifetime()
    {
        Assert.Equal(HttpStatusCode.OK, (await api.WaitUntilHealthyAsync(TimeSpan.FromSeconds(90))).StatusCode);
        var alice = await api.CreateUserAsync("alice");

        var rules = await alice.Http.GetFromJsonAsync<MoneyRules>("/api/payments/rules", WalletApi.Json, TestContext.Current.CancellationToken);

        Assert.Equal(new MoneyRules(18, "0.01", 1_000, 720, 500), rules);
    }
}
