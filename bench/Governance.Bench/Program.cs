using System.Diagnostics;
using System.Numerics;
using System.Reflection;
using System.Runtime.InteropServices;
using Nethereum.Signer;
using OpenChat.Chain.Governance.Bench;


// 200 members vote on one proposal through the API (relayed, gasless), timed until the governor has counted every
// vote and until the API's mirror shows them; the baseline of the same run is 200 EOAs calling castVote straight on
// anvil on a second proposal of the same governor. Options: README.md.

const int Members = 200, CoinsEach = 100, VotingDelaySeconds = 5;
var options = Options.Parse(args);
using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancel.Cancel();
};
using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, c =>
{
    c.Cancel = true;
    cancel.Cancel();
});
var ct = cancel.Token;

// The service reads configuration from the environment it inherits: governance short enough to run in minutes, a
// circulating supply small enough that 200 members of 100 CHAT reach the 4% quorum (the deployer's test funding is the
// only other circulating coin), and a threshold each of them meets.
foreach (var (key, value) in new Dictionary<string, string>
         {
             ["Deployment__TestFundingCoins"] = "100000",
             ["Deployment__VotingDelaySeconds"] = VotingDelaySeconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
             ["Deployment__VotingPeriodSeconds"] = "3600",
             ["Deployment__ProposalThresholdCoins"] = "100",
             ["Deployment__QuorumPercent"] = "4",
             ["Deployment__VoteWeighting"] = "plain",
         })
    Environment.SetEnvironmentVariable(key, value);

var metadata = typeof(Options).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().ToDictionary(a => a.Key, a => a.Value!);
var serviceAssembly = metadata["ServiceAssembly"];
var clock = Stopwatch.StartNew();
Console.WriteLine($"Governance vote bench: {Environment.ProcessorCount} cores, {Members} members vote For on one proposal; service {serviceAssembly}");
Console.WriteLine("  mined = the governor's proposalVotes counts every vote (polled every 100 ms); mirrored = GET /api/governance/proposals/{id} " +
    "lists every vote (polled every 250 ms); both timed from the first request; gas from the receipts");

ServiceProcess? service = null;
try
{
    Step("service: starting (anvil, contracts, SQLite in a temp folder)");
    service = await ServiceProcess.StartAsync(
        serviceAssembly, Path.Combine(metadata["RepoRoot"], "src", "Api"), options.Anvil, options.ServiceLog, options.DataRoot, ct);
    Step($"service: healthy at {service.BaseUrl}");
    using var http = HttpFor(service.BaseUrl);
    var (rpcUrl, contracts) = await GovernanceApi.ChainAsync(http, ct);
    var chain = new BenchChain(rpcUrl, contracts["Governor"], contracts["ChatCoin"], contracts["Timelock"],
        Path.Combine(metadata["RepoRoot"], "contracts", "out"));
    await chain.InitAsync();
    Step($"chain: anvil at {rpcUrl}, governor {chain.Governor}");

    var (users, retried) = await SiweSignUp.SignUpAsync(http, service.BaseUrl, BenchChain.ChainId, Members, n =>
    {
        if (n % 50 == 0) Step($"sign-ups (SIWE): {n}/{Members}");
    }, ct);
    if (retried > 0) Step($"sign-ups: {retried} sign-ins answered 5xx and were retried");
    var members = new string[Members];
    await Parallel.ForEachAsync(Enumerable.Range(0, Members), new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = ct },
        async (i, token) => members[i] = (await GovernanceApi.VotingPowerAsync(http, users[i], token)).Address);
    var eoas = Enumerable.Range(0, Members).Select(_ => EthECKey.GenerateKey()).ToList();

    // Funding, pipelined: every transfer signed here with the next nonce and sent without waiting for the one before.
    var units = CoinsEach * BenchChain.Coin;
    var funding = new List<SignedTx>();
    foreach (var to in members.Concat(eoas.Select(k => k.GetPublicAddress())))
        funding.Add(await chain.SignAsync(BenchChain.Deployer, chain.ChatCoin, 0, chain.TransferCall(to, units), 250_000));
    foreach (var eoa in eoas)
        funding.Add(await chain.SignAsync(BenchChain.EthSource, eoa.GetPublicAddress(), BenchChain.Coin, null, 21_000));
    await chain.SendInOrderAsync(funding);
    await chain.ReceiptsAsync(funding.Select(t => t.Hash).ToList(), TimeSpan.FromSeconds(120), ct);
    Step($"funding: {CoinsEach} CHAT to each of {Members} members and {Members} EOAs, 1 ETH to each EOA ({funding.Count} transactions mined)");

    // ERC20Votes counts delegated coins only: the EOAs delegate to themselves; the members activate voting through the
    // API (as opening governance does), which relays their self-delegation.
    await Parallel.ForEachAsync(Enumerable.Range(0, Members), new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = ct },
        async (i, token) => await GovernanceApi.ActivateVotingAsync(http, users[i], token));
    var delegations = new List<SignedTx>();
    foreach (var eoa in eoas) delegations.Add(await chain.SignAsync(eoa, chain.ChatCoin, 0, chain.DelegateCall(eoa.GetPublicAddress()), 150_000));
    await Task.WhenAll(delegations.Select(chain.SendAsync));
    await chain.ReceiptsAsync(delegations.Select(t => t.Hash).ToList(), TimeSpan.FromSeconds(120), ct);
    var powered = await WaitForVotingPowerAsync(http, users, CoinsEach, TimeSpan.FromSeconds(180), ct);
    Step($"voting power: {CoinsEach} votes for every member after {powered.TotalSeconds:N1} s (self-delegation relayed by the service on activation) and every EOA");

    // Proposal A through the API by the first member; proposal B straight to the governor by the first EOA.
    var serviceProposal = await GovernanceApi.ProposeTextAsync(http, users[0], $"Bench {Guid.NewGuid():N}", ct);
    var baselineDescription = $"# Bench baseline {Guid.NewGuid():N}";
    var propose = await chain.SignAsync(eoas[0], chain.Governor, 0, chain.ProposeCall(baselineDescription), 400_000);
    await chain.SendAsync(propose);
    await chain.ReceiptsAsync([propose.Hash], TimeSpan.FromSeconds(60), ct);
    var baselineProposal = await chain.ProposalIdAsync(baselineDescription);
    var serviceId = BigInteger.Parse(serviceProposal, System.Globalization.CultureInfo.InvariantCulture);
    await Until(async () => await chain.SnapshotAsync(serviceId) != 0, TimeSpan.FromSeconds(60), "proposal A on chain", ct);
    await chain.WarpAsync(VotingDelaySeconds + 1);
    await Until(async () => await chain.StateAsync(serviceId) == 1 && await chain.StateAsync(baselineProposal) == 1,
        TimeSpan.FromSeconds(30), "both proposals Active", ct);
    await Until(async () => await GovernanceApi.ProposalAsync(http, users[0], serviceProposal, ct) is not null,
        TimeSpan.FromSeconds(60), "proposal A in the mirror", ct);
    Step($"proposals: A {Short(serviceProposal)} (API), B {Short(baselineProposal.ToString())} (direct), both Active after a {VotingDelaySeconds + 1} s warp");
    await service.SettleAsync(TimeSpan.FromSeconds(20), ct);

    // Service: every member POSTs a vote at once.
    using var votes = HttpFor(service.BaseUrl, TimeSpan.FromSeconds(60));
    var expected = Members * units;
    var cpuBefore = service.CpuTime();
    var run = Stopwatch.StartNew();
    var minedA = WatchTallyAsync(chain, serviceId, expected, run, TimeSpan.FromSeconds(180), ct);
    var mirroredA = WatchMirrorAsync(http, users[0], serviceProposal, Members, run, TimeSpan.FromSeconds(180), ct);
    var posts = await Task.WhenAll(users.Select(u => GovernanceApi.VoteAsync(votes, u, serviceProposal, "For", ct)));
    var postsDone = run.Elapsed;
    var (minedAt, tallyA) = await minedA;
    var (mirroredAt, mirror) = await mirroredA;
    var cpu = service.CpuTime() - cpuBefore;
    var relayHashes = mirror?.Votes.Select(v => v.TxHash).Distinct(StringComparer.OrdinalIgnoreCase).ToList() ?? [];
    var relayReceipts = await chain.ReceiptsAsync(relayHashes, TimeSpan.FromSeconds(30), ct);
    var relayCalldata = await CalldataGasAsync(chain, relayHashes, ct);
    var counted = await CountVotedAsync(chain, serviceId, members, ct);
    var ours = new PhaseResult("service (API, relayed)", Members, posts.Count(p => p.Status is >= 200 and < 300),
        posts.Select(p => p.Took).ToList(), postsDone, minedAt, mirroredAt, counted, tallyA, relayReceipts, relayCalldata, cpu);
    Step($"service: {ours.Accepted}/{Members} votes accepted, mined after {Report.Seconds(minedAt)}, mirrored after {Report.Seconds(mirroredAt)}");

    // Baseline: every EOA sends castVote straight to anvil at once; signed before the clock starts, as a wallet would.
    var direct = new List<SignedTx>();
    foreach (var eoa in eoas) direct.Add(await chain.SignAsync(eoa, chain.Governor, 0, chain.CastVoteCall(baselineProposal, 1), 200_000));
    var knownB = await GovernanceApi.ProposalAsync(http, users[0], baselineProposal.ToString(), ct) is not null;
    await service.SettleAsync(TimeSpan.FromSeconds(20), ct);
    cpuBefore = service.CpuTime();
    run.Restart();
    var minedB = WatchTallyAsync(chain, baselineProposal, expected, run, TimeSpan.FromSeconds(180), ct);
    // The mirror follows every proposal of the governor, also one made without the service: timed too, for reference.
    var mirroredB = knownB
        ? WatchMirrorAsync(http, users[0], baselineProposal.ToString(), Members, run, TimeSpan.FromSeconds(180), ct)
        : Task.FromResult<(TimeSpan?, ProposalReply?)>((null, null));
    var sends = await Task.WhenAll(direct.Select(async tx =>
    {
        var took = Stopwatch.StartNew();
        await chain.SendAsync(tx);
        return took.Elapsed;
    }));
    var sendsDone = run.Elapsed;
    var (minedBAt, tallyB) = await minedB;
    var (mirroredBAt, _) = await mirroredB;
    cpu = service.CpuTime() - cpuBefore;
    var directReceipts = await chain.ReceiptsAsync(direct.Select(t => t.Hash).ToList(), TimeSpan.FromSeconds(30), ct);
    var directCalldata = await CalldataGasAsync(chain, direct.Select(t => t.Hash).ToList(), ct);
    var countedB = await CountVotedAsync(chain, baselineProposal, eoas.Select(k => k.GetPublicAddress()).ToList(), ct);
    var baseline = new PhaseResult("baseline (direct castVote)", Members, Members, sends, sendsDone, minedBAt, mirroredBAt, countedB, tallyB,
        directReceipts, directCalldata, cpu);
    Step($"baseline: mined after {Report.Seconds(minedBAt)}, mirrored after {Report.Seconds(mirroredBAt)}");

    Console.WriteLine();
    Report.Table(ours, baseline);
    return ours.Complete && baseline.Complete ? 0 : 1;
}
catch (OperationCanceledException) when (ct.IsCancellationRequested)
{
    Step("cancelled");
    return 130;
}
catch (Exception e) when (e is InvalidOperationException or TimeoutException or FileNotFoundException or HttpRequestException
                              or Nethereum.JsonRpc.Client.RpcClientUnknownException or Nethereum.JsonRpc.Client.RpcResponseException)
{
    Step($"failed: {e.Message}");
    if (service is not null) Console.WriteLine($"service output (last lines):\n{service.Tail()}");
    return 1;
}
finally
{
    if (service is not null)
    {
        Step("service: stopping and deleting its data folder");
        await service.DisposeAsync();
    }
    Step("done");
}

void Step(string text) => Console.WriteLine($"[{clock.Elapsed.TotalSeconds,5:0.0}s] {text}");

static string Short(string id) => id.Length <= 12 ? id : $"{id[..6]}…{id[^4..]}";

static HttpClient HttpFor(Uri baseUrl, TimeSpan? timeout = null) => new(new SocketsHttpHandler
{
    PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
    ConnectTimeout = TimeSpan.FromSeconds(5),
})
{
    BaseAddress = baseUrl,
    Timeout = timeout ?? TimeSpan.FromSeconds(10),
};

static async Task Until(Func<Task<bool>> done, TimeSpan limit, string what, CancellationToken ct)
{
    var waited = Stopwatch.StartNew();
    while (!await done())
    {
        if (waited.Elapsed > limit) throw new TimeoutException($"{what}: not within {limit.TotalSeconds:N0} s");
        await Task.Delay(200, ct);
    }
}

static async Task<TimeSpan> WaitForVotingPowerAsync(HttpClient http, IReadOnlyList<BenchUser> users, decimal coins, TimeSpan limit, CancellationToken ct)
{
    var waited = Stopwatch.StartNew();
    var pending = users.ToList();
    while (pending.Count > 0)
    {
        if (waited.Elapsed > limit) throw new TimeoutException($"{pending.Count} members have fewer than {coins} votes after {limit.TotalSeconds:N0} s");
        var still = new System.Collections.Concurrent.ConcurrentBag<BenchUser>();
        await Parallel.ForEachAsync(pending, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = ct }, async (user, token) =>
        {
            if ((await GovernanceApi.VotingPowerAsync(http, user, token)).Coins < coins) still.Add(user);
        });
        pending = still.ToList();
        if (pending.Count > 0) await Task.Delay(500, ct);
    }
    return waited.Elapsed;
}

// The governor's own tally: when For reaches every member's votes, every vote is mined (each voter votes once).
static async Task<(TimeSpan? At, ProposalTally Last)> WatchTallyAsync(
    BenchChain chain, BigInteger proposalId, BigInteger expected, Stopwatch run, TimeSpan limit, CancellationToken ct)
{
    while (true)
    {
        var tally = await chain.TallyAsync(proposalId);
        if (tally.For >= expected) return (run.Elapsed, tally);
        if (run.Elapsed > limit) return (null, tally);
        await Task.Delay(100, ct);
    }
}

static async Task<(TimeSpan? At, ProposalReply? Last)> WatchMirrorAsync(
    HttpClient http, BenchUser reader, string proposalId, int votes, Stopwatch run, TimeSpan limit, CancellationToken ct)
{
    while (true)
    {
        var view = await GovernanceApi.ProposalAsync(http, reader, proposalId, ct);
        if (view?.Votes.Count >= votes) return (run.Elapsed, view);
        if (run.Elapsed > limit) return (null, view);
        await Task.Delay(250, ct);
    }
}

static async Task<int> CountVotedAsync(BenchChain chain, BigInteger proposalId, IReadOnlyList<string> voters, CancellationToken ct)
{
    var voted = 0;
    await Parallel.ForEachAsync(voters, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = ct }, async (voter, _) =>
    {
        if (await chain.HasVotedAsync(proposalId, voter)) Interlocked.Increment(ref voted);
    });
    return voted;
}

static async Task<double> CalldataGasAsync(BenchChain chain, IReadOnlyList<string> hashes, CancellationToken ct)
{
    long total = 0;
    await Parallel.ForEachAsync(hashes, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = ct }, async (hash, _) =>
        Interlocked.Add(ref total, await chain.CalldataGasAsync(hash)));
    return hashes.Count == 0 ? 0 : total / (double)hashes.Count;
}

sealed record Options(string? Anvil, string? ServiceLog, string? DataRoot)
{
    public static Options Parse(string[] args)
    {
        var values = new Dictionary<string, string>();
        for (var i = 0; i < args.Length; i++)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal) || i + 1 >= args.Length) throw new ArgumentException($"Unexpected argument {args[i]}");
            values[args[i][2..]] = args[++i];
        }
        return new Options(values.GetValueOrDefault("anvil"), values.GetValueOrDefault("service-log"), values.GetValueOrDefault("data-root"));
    }
}
