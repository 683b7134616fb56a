using System.Diagnostics;
using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OpenChat.Chain.Api.Tests.Payments;
using OpenChat.Chain.Api.Tests.Support;
using OpenChat.Chain.Api.Tests.Wallet;
using OpenChat.Chain.Tests.Support;
using OpenChat.Chain.Wallet;
using OpenChat.Chain.Wallet.Chain;
using OpenChat.Chain.Wallet.Sending;

namespace OpenChat.Chain.Api.Tests.Cluster;

/// <summary>
/// Several instances of the service on one database (a SQLite file shared by two hosts) and one chain: each background
/// duty runs on exactly one of them, the one holding its lease, and a takeover never sends anything twice.
/// </summary>
public sealed class DutyLeaseTests
{
    static readonly string[] Duties = ["Broadcaster", "ChainIndexer", "PaymentReconciler", "CircleKeeper", "GovernanceMirror", "FairEnvelopeKeeper"];
    static readonly TimeSpan Settle = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task Duties_TwoHostsOnOneDatabase_RunOnTheFirstOnlyAndAPaymentAcceptedOnTheOtherLandsOnce()
    {
        await using var anvil = new ExternalAnvil();
        await anvil.StartAsync();
        await using var first = new ApiFactory { Settings = ExternalChain(anvil) };
        Assert.Equal(HttpStatusCode.OK, (await first.WaitUntilHealthyAsync(Settle)).StatusCode);
        foreach (var duty in Duties) await first.Logs.WaitForAsync(0, duty, $"Duty {duty}: lease taken by");
        await using var second = new ApiFactory { DataDirectory = first.DataDirectory, Settings = ExternalChain(anvil) };
        Assert.Equal(HttpStatusCode.OK, (await second.WaitUntilHealthyAsync(Settle)).StatusCode);
        foreach (var duty in Duties) await second.Logs.WaitForAsync(0, duty, $"Duty {duty}: lease held by {InstanceOf(first)}; {InstanceOf(second)} stands by");

        // Accepted by the instance that does not hold the broadcaster's lease: stored in the shared outbox, sent by the holder.
        var (alice, bob) = (await second.CreateUserAsync("alice"), await second.CreateUserAsync("bob"));
        var aliceAddress = await second.FundAsync(alice, 10);
        var bobAddress = (await bob.GetWalletAsync()).Address;
        var response = await alice.SendAsync(bobAddress, "3", Guid.NewGuid().ToString());
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var transfer = await response.ReadTransferAsync();
        var settled = await alice.Http.WaitUntilSettledAsync(transfer.Id, Settle);

        Assert.Equal(TransferStatus.Confirmed, settled.Status);
        Assert.Equal(WalletApi.Units(3), await second.CoinBalanceAsync(bobAddress));
        Assert.Equal(1, await second.RequestsRunBesidesDelegationAsync(aliceAddress));
        Assert.Contains(first.Logs.Entries, e => e.Category.EndsWith(".Broadcaster", StringComparison.Ordinal) && e.Message.Contains($"Transfer {transfer.Id} signed"));
        // The transfer settled after both hosts ran their loops for seconds: the second never ran a duty in that time.
        Assert.DoesNotContain(second.Logs.Entries, e => e.Message.Contains("lease taken", StringComparison.Ordinal));
        Assert.DoesNotContain(second.Logs.Entries, e => e.Category.EndsWith(".Broadcaster", StringComparison.Ordinal) && e.Message.Contains(" signed"));
        var leases = (await LeasesAsync(second)).Where(l => Duties.Contains(l.Key)).ToDictionary();
        Assert.Equal(Duties.Order(), leases.Keys.Order());
        Assert.All(leases.Values, holder => Assert.Equal(InstanceOf(first), holder));
        // The standby can neither take a held duty nor pass the fence of a write that must come from the holder.
        var standby = second.Services.GetRequiredService<DutyLeases>();
        Assert.False(await standby.HoldAsync("Broadcaster", CancellationToken.None));
        await using var scope = second.Services.CreateAsyncScope();
        Assert.False(await standby.FenceAsync(scope.ServiceProvider.GetRequiredService<WalletDb>(), "Broadcaster", CancellationToken.None));
    }

    [Fact]
    public async Task Broadcaster_WhoseLeaseIsTakenFromIt_StopsSigningUntilItHoldsItAgainAndPaysOnce()
    {
        await using var anvil = new ExternalAnvil();
        await anvil.StartAsync();
        await using var api = new ApiFactory { Settings = ExternalChain(anvil) };
        Assert.Equal(HttpStatusCode.OK, (await api.WaitUntilHealthyAsync(Settle)).StatusCode);
        var (alice, bob) = (await api.CreateUserAsync("alice"), await api.CreateUserAsync("bob"));
        var aliceAddress = await api.FundAsync(alice, 10);
        var bobAddress = (await bob.GetWalletAsync()).Address;

        // Another holder's row, as after this instance failed to renew in time (cut off from the database, paused).
        var before = api.Logs.Count;
        await SetLeaseAsync(api, "Broadcaster", "another-instance", DateTimeOffset.UtcNow.AddMinutes(5));
        await api.Logs.WaitForAsync(before, "Broadcaster", "Duty Broadcaster: lease lost by");
        var transfer = await (await alice.SendAsync(bobAddress, "2", Guid.NewGuid().ToString())).ReadTransferAsync();
        // Two rounds of asking for the lease after the transfer was queued: the broadcaster saw it and could not take it.
        var queued = api.Logs.Count;
        await SetLeaseAsync(api, "Broadcaster", "yet-another-instance", DateTimeOffset.UtcNow.AddMinutes(5));
        await api.Logs.WaitForAsync(queued, "Broadcaster", "lease held by yet-another-instance");
        Assert.Equal(TransferStatus.Requested, (await api.OutboxRowAsync(transfer.Id)).Status);

        await SetLeaseAsync(api, "Broadcaster", "yet-another-instance", DateTimeOffset.UnixEpoch); // expired: free to take
        await api.Logs.WaitForAsync(queued, "Broadcaster", "Duty Broadcaster: lease taken by");
        var settled = await alice.Http.WaitUntilSettledAsync(transfer.Id, Settle);

        Assert.Equal(TransferStatus.Confirmed, settled.Status);
        Assert.Equal(WalletApi.Units(2), await api.CoinBalanceAsync(bobAddress));
        Assert.Equal(1, await api.RequestsRunBesidesDelegationAsync(aliceAddress));
    }

    [Fact]
    public async Task Duties_HolderKilledMidwayThroughTwentyPaymentsAndAnEnvelopeBeingOpened_AnotherHostTakesOverWithinTenSecondsAndEachLandsOnce()
    {
        await using var anvil = new ExternalAnvil();
        await anvil.StartAsync();
        var settings = new Dictionary<string, string>(ExternalChain(anvil));
        foreach (var (key, value) in PaymentApi.Settings()) settings[key] = value;
        var dataDirectory = Path.Combine(Path.GetTempPath(), "openchat-tests", Guid.NewGuid().ToString("N"));
        foreach (var (key, value) in TestDatabase.Settings(dataDirectory)) settings[key] = value; // the child too, on the PostgreSQL run
        await using var holder = ServiceChild.Start(dataDirectory, new Dictionary<string, string>(settings) { ["Leases:InstanceId"] = "child-holder" });
        await holder.WaitUntilHealthyAsync(TimeSpan.FromSeconds(180));
        foreach (var duty in Duties) await holder.WaitForLogAsync($"Duty {duty}: lease taken by child-holder");
        await using var standby = new ApiFactory { DataDirectory = dataDirectory, Settings = settings };
        Assert.Equal(HttpStatusCode.OK, (await standby.WaitUntilHealthyAsync(Settle)).StatusCode);
        foreach (var duty in Duties) await standby.Logs.WaitForAsync(0, duty, $"Duty {duty}: lease held by child-holder");

        // A red envelope of three equal shares, dropped and on chain before the kill; its three members open it with the
        // payments below, so their claims are in the outbox (requested, signed or sent) when the holder dies.
        var alice = await (await standby.CreateUserAsync("alice")).WithPasskeyAsync();
        var aliceAddress = await standby.FundAsync(alice.User, 10);
        var members = new[] { await standby.CreateUserAsync("bob"), await standby.CreateUserAsync("carol"), await standby.CreateUserAsync("dave") };
        var group = await alice.User.CreateGroup("envelopes", members);
        var dropped = await (await alice.DropEnvelopeAsync(group.Id, "3", 3, "equal", Guid.NewGuid().ToString())).ReadPaymentAsync();
        await alice.User.WaitForPayloadAsync(group.Id, dropped.MessageId!.Value, p => (string?)p["state"] == "open");

        // Five senders, four payments each: one of an account's requests is on its way at a time, so the twenty spread
        // over several blocks and the kill lands with some mined, some signed or sent, and some not yet signed.
        var bobAddress = (await members[0].GetWalletAsync()).Address;
        var senders = new List<(TestUser User, string Address)>();
        for (var i = 0; i < 5; i++)
        {
            var user = await standby.CreateUserAsync($"sender{i}");
            senders.Add((user, await standby.FundAsync(user, 10)));
        }
        var accepted = new List<(TestUser User, Guid TransferId)>();
        for (var round = 0; round < 4; round++)
            foreach (var (user, _) in senders)
            {
                var response = await user.SendAsync(bobAddress, "1", Guid.NewGuid().ToString());
                Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
                accepted.Add((user, (await response.ReadTransferAsync()).Id));
            }
        foreach (var member in members) await (await member.OpenEnvelopeAsync(group.Id, dropped.MessageId.Value)).ReadPaymentAsync();
        await WaitForAsync(() => CountAsync(standby, accepted, TransferStatus.Confirmed), confirmed => confirmed >= 5);

        var logged = standby.Logs.Count;
        await holder.KillAsync();
        var killed = Stopwatch.StartNew();
        var atKill = string.Join(", ", await Task.WhenAll(Enum.GetValues<TransferStatus>().Select(async status => $"{status} {await CountAsync(standby, accepted, status)}")));
        foreach (var duty in Duties) await standby.Logs.WaitForAsync(logged, duty, $"Duty {duty}: lease taken by {InstanceOf(standby)}", timeout: Settle);
        var takeover = killed.Elapsed;
        var settled = new List<TransferView>();
        foreach (var (user, transferId) in accepted) settled.Add(await user.Http.WaitUntilSettledAsync(transferId, Settle));
        await alice.User.WaitForPayloadAsync(group.Id, dropped.MessageId.Value, p => (string?)p["state"] == "empty");

        Assert.True(takeover < TimeSpan.FromSeconds(10), $"every duty taken over {takeover.TotalSeconds:N1} s after the kill (rows then: {atKill})");
        Assert.All(settled, t => Assert.Equal(TransferStatus.Confirmed, t.Status));
        // Counted on chain: bob has his twenty coins and his share, not more; each sender paid four; each share paid once.
        Assert.Equal(WalletApi.Units(21), await standby.CoinBalanceAsync(bobAddress));
        foreach (var (_, address) in senders)
        {
            Assert.Equal(WalletApi.Units(6), await standby.CoinBalanceAsync(address));
            Assert.Equal(4, await standby.RequestsRunBesidesDelegationAsync(address));
        }
        foreach (var member in members.Skip(1)) Assert.Equal(WalletApi.Units(1), await standby.CoinBalanceAsync((await member.GetWalletAsync()).Address));
        Assert.Equal(WalletApi.Units(7), await standby.CoinBalanceAsync(aliceAddress));
        Assert.All((await LeasesAsync(standby)).Where(l => Duties.Contains(l.Key)), l => Assert.Equal(InstanceOf(standby), l.Value));
        TestContext.Current.TestOutputHelper?.WriteLine($"rows when killed: {atKill}; every duty taken over {takeover.TotalSeconds:N1} s after kill -9");
    }

    [Fact]
    public async Task ChainSetUp_TwoHostsStartedTogetherOnAFreshDatabase_DeployOnceAndShareOneGovernanceSpace()
    {
        await using var anvil = new ExternalAnvil();
        await anvil.StartAsync();
        await using var first = new ApiFactory { Settings = ExternalChain(anvil) };
        await using var second = new ApiFactory { DataDirectory = first.DataDirectory, Settings = ExternalChain(anvil) };

        var started = await Task.WhenAll(Task.Run(() => first.WaitUntilHealthyAsync(Settle)), Task.Run(() => second.WaitUntilHealthyAsync(Settle)));

        Assert.All(started, response => Assert.Equal(HttpStatusCode.OK, response.StatusCode));
        Assert.Equal(first.Chain().Contracts, second.Chain().Contracts);
        var deployments = first.Logs.Entries.Concat(second.Logs.Entries).Count(e => e.Message.StartsWith("First start on chain", StringComparison.Ordinal));
        Assert.Equal(1, deployments);
        var (firstSpace, secondSpace) = (await SpaceOf(first), await SpaceOf(second));
        Assert.Equal(firstSpace, secondSpace);
        await using var scope = first.Services.CreateAsyncScope();
        Assert.Equal(1, await scope.ServiceProvider.GetRequiredService<OpenChat.Chain.Messaging.MessagingDb>().Users.CountAsync(u => u.Handle == "governance", TestContext.Current.CancellationToken));
    }

    static Task<(Guid UserId, Guid ChatId, int AccountIndex)> SpaceOf(ApiFactory api) =>
        api.Services.GetRequiredService<OpenChat.Chain.Governance.Chat.GovernanceSpace>().WhenReady(CancellationToken.None).WaitAsync(Settle);

    static string InstanceOf(ApiFactory api) => api.Services.GetRequiredService<DutyLeases>().InstanceId;

    static async Task<Dictionary<string, string>> LeasesAsync(ApiFactory api)
    {
        await using var scope = api.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<WalletDb>().DutyLeases.AsNoTracking().ToDictionaryAsync(l => l.Duty, l => l.Holder);
    }

    static async Task SetLeaseAsync(ApiFactory api, string duty, string holder, DateTimeOffset expiresAt)
    {
        await using var scope = api.Services.CreateAsyncScope();
        var until = expiresAt.ToUnixTimeMilliseconds();
        await scope.ServiceProvider.GetRequiredService<WalletDb>().DutyLeases.Where(l => l.Duty == duty)
            .ExecuteUpdateAsync(set => set.SetProperty(l => l.Holder, holder).SetProperty(l => l.ExpiresAt, until));
    }

    static async Task<int> CountAsync(ApiFactory api, List<(TestUser User, Guid TransferId)> transfers, TransferStatus status)
    {
        await using var scope = api.Services.CreateAsyncScope();
        var ids = transfers.Select(t => t.TransferId).ToList();
        return await scope.ServiceProvider.GetRequiredService<WalletDb>().OutgoingTransfers.AsNoTracking()
            .CountAsync(t => ids.Contains(t.Id) && t.Status == status);
    }

    static Dictionary<string, string> ExternalChain(ExternalAnvil anvil) => new()
    {
        ["Chain:RpcUrl"] = anvil.RpcUrl.ToString(),
        ["Chain:DeployerPrivateKey"] = EmbeddedAnvil.DevAccountKey,
        ["Wallet:SeedPassphrase"] = "a test passphrase, not a secret",
        ["Wallet:FundRelayer"] = "true",
        ["Messaging:SharedWriters"] = "true", // two hosts on one SQLite file (on PostgreSQL the writer always reads under its lock)
        ["Logging:LogLevel:OpenChat.Chain"] = "Information", // lease changes and signed transfers: the events these tests wait for
    };

    static async Task<T> WaitForAsync<T>(Func<Task<T>> read, Func<T, bool> done)
    {
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (true)
        {
            var value = await read();
            if (done(value)) return value;
            if (DateTime.UtcNow > deadline) Assert.Fail($"still {value} after 90 s");
            await Task.Delay(100);
        }
    }
}
