namespace OpenChat.Chain.Browser.Tests.Support;

/// <summary>One served app for a test class; its tests make their own people, so they share nothing else.</summary>
public class ServedAppFixture : IAsyncLifetime
{
    public ServedAppFixture() : this(null) { }

    protected ServedAppFixture(IReadOnlyDictionary<string, string>? settings) => App = new ServedApp(settings: settings);

    public ServedApp App { get; }

    public async ValueTask InitializeAsync() => await App.StartAsync();

    public async ValueTask DisposeAsync()
    {
        await App.DisposeAsync();
        App.DeleteData();
    }
}

/// <summary>
/// A served app whose governance runs on short times (10 s voting delay, 10 min voting, 2 min timelock) and test funding
/// small enough for test voters to reach quorum (4% of the 100,000 CHAT circulating; the treasury and the rewards pool
/// are governance-held), as tests/Api.Tests/Governance/GovernanceApi.cs sets it.
/// </summary>
public sealed class GovernanceAppFixture() : ServedAppFixture(new Dictionary<string, string>
{
    ["Deployment:TestFundingCoins"] = "100000",
    ["Deployment:VotingDelaySeconds"] = "10",
    ["Deployment:VotingPeriodSeconds"] = "600",
    ["Deployment:TimelockDelaySeconds"] = "120",
    ["Deployment:ProposalThresholdCoins"] = "1000",
    ["Deployment:QuorumPercent"] = "4",
});
