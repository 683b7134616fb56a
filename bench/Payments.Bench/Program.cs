using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Numerics;
using System.Reflection;
using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.Json.Nodes;
using Nethereum.Util;
using OpenChat.Chain.Payments.Bench;

// A red envelope in a big group, end to end: one envelope with a share per member, every member opens it at the same
// moment through the API, and the bench times it until the envelope's message shows every claim confirmed, then
// checks the money on chain. Options: README.md.

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

var metadata = typeof(Options).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().ToDictionary(a => a.Key, a => a.Value!);
var serviceAssembly = metadata["ServiceAssembly"];
var clock = Stopwatch.StartNew();
var total = RawUnits(options.Total);
Console.WriteLine($"load average before the run: {LoadAverage.Read()} (other processes on this machine disturb the figures)");
Console.WriteLine($"Payments bench: a group of {options.Members:N0} members + the sender, one {options.Split} envelope of {options.Total} CHAT in " +
    $"{options.Members:N0} shares, every member opens it at once; {Environment.ProcessorCount} cores; service {serviceAssembly}");

ServiceProcess? service = null;
try
{
    Step("service: starting (anvil, contracts, SQLite in a temp folder)");
    // WebAuthn: RP id "localhost" and the origin the software authenticator writes into clientDataJSON.
    service = await ServiceProcess.StartAsync(serviceAssembly, Path.Combine(metadata["RepoRoot"], "src", "Api"), options.Anvil, options.ServiceLog,
        options.DataRoot, ct, baseUrl => ["--Passkeys:RpId=localhost", $"--Passkeys:Origins:0={Origin(baseUrl)}"]);
    using var http = Rest.ClientFor(service.BaseUrl, TimeSpan.FromSeconds(60));
    var chain = await ChainFacts.ReadAsync(http, ct);
    using var rpc = new Rpc(chain.RpcUrl);
    Step($"service: healthy at {service.BaseUrl}; anvil {chain.RpcUrl}, RedEnvelope {chain.RedEnvelope}");

    var (users, retried) = await SiweSignUp.SignUpAsync(http, service.BaseUrl, chain.ChainId, options.Members + 1, n =>
    {
        if (n % 100 == 0 || n == options.Members + 1) Step($"sign-ups (SIWE): {n:N0}/{options.Members + 1:N0}");
    }, ct);
    if (retried > 0) Step($"sign-ups: {retried} sign-ins answered 5xx and were retried");
    var creator = new Creator(http, users[0], Origin(service.BaseUrl));
    var members = users.Skip(1).ToList();
    var addresses = new string[members.Count];
    await Parallel.ForEachAsync(Enumerable.Range(0, members.Count), new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = ct },
        async (i, token) => addresses[i] = (await Rest.GetAsync<WalletReply>(http, "api/wallet", members[i].Token, token)).Address);
    var creatorAddress = (await Rest.GetAsync<WalletReply>(http, "api/wallet", creator.User.Token, ct)).Address;

    await creator.AddPasskeyAsync(ct);
    await Creator.FundAsync(rpc, chain, creatorAddress, total, ct);
    var group = await Rest.PostAsync<ChatReply>(http, "api/chats/groups",
        new { title = "envelope bench", memberIds = members.Select(m => m.Id).ToList() }, creator.User.Token, ct);
    Step($"group {group.Id}: {members.Count:N0} members + the sender; sender has a passkey and {options.Total} CHAT");

    var dropAt = Stopwatch.GetTimestamp();
    var messageId = await creator.DropEnvelopeAsync(group.Id, options.Total, members.Count, options.Split, ct);
    var (opened, _) = await WaitForPayloadAsync(p => p["state"]?.GetValue<string>() is "open" or "failed", TimeSpan.FromSeconds(60), null);
    if (opened["state"]!.GetValue<string>() != "open") throw new InvalidOperationException($"The envelope did not open: {opened.ToJsonString()}");
    Step($"envelope {opened["envelopeId"]} open on chain {Stopwatch.GetElapsedTime(dropAt).TotalSeconds:0.0} s after the confirmed POST " +
        $"(tx {opened["txHash"]})");
    await service.SettleAsync(TimeSpan.FromSeconds(20), ct);

    // Everyone at once: all POSTs are started together; the client holds as many connections as there are members.
    var claimedTopicHex = "0x" + Sha3Keccack.Current.CalculateHash("EnvelopeClaimed(uint256,address,uint256)");
    var postedAt = new long[members.Count];
    var answeredAt = new long[members.Count];
    var statuses = new int[members.Count];
    var shownAt = new Dictionary<Guid, long>();
    var mined = new List<(string Claimer, BigInteger Amount, long Gas, long SeenAt)>();
    var memberIndex = Enumerable.Range(0, members.Count).ToDictionary(i => members[i].Id);
    var watcher = new ChainWatcher(rpc);
    var head = await rpc.BlockNumberAsync(ct);
    var cpu = new CpuMeter(service.CpuTime);
    var start = Stopwatch.GetTimestamp();
    var done = false;
    using var claimHttp = Rest.ClientFor(service.BaseUrl, TimeSpan.FromSeconds(120));
    var watch = watcher.WatchAsync(head, (receipt, _, seenAt) =>
    {
        foreach (var log in receipt.GetProperty("logs").EnumerateArray())
        {
            var topics = log.GetProperty("topics");
            if (topics.GetArrayLength() == 3 && topics[0].GetString() == claimedTopicHex
                && log.GetProperty("address").GetString()!.Equals(chain.RedEnvelope, StringComparison.OrdinalIgnoreCase))
                lock (mined) mined.Add(("0x" + topics[2].GetString()![26..], Rpc.Quantity(log.GetProperty("data")), (long)Rpc.Quantity(receipt.GetProperty("gasUsed")), seenAt));
        }
    }, () => Volatile.Read(ref done), TimeSpan.FromMinutes(5), ct);

    var retries = 0;
    var claims = Task.WhenAll(Enumerable.Range(0, members.Count).Select(i => Task.Run(async () =>
    {
        postedAt[i] = Stopwatch.GetTimestamp();
        for (var attempt = 1; ; attempt++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, $"api/chats/{group.Id}/envelopes/{messageId}/open");
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", members[i].Token);
            TimeSpan? retryAfter = null;
            try
            {
                using var response = await claimHttp.SendAsync(request, ct);
                statuses[i] = (int)response.StatusCode;
                retryAfter = response.Headers.RetryAfter?.Delta;
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !ct.IsCancellationRequested)
            {
                statuses[i] = -1;
            }
            // 503 means nothing was queued (the chain did not answer in time): a client tries again after Retry-After.
            if (statuses[i] != 503 || attempt == 5) break;
            Interlocked.Increment(ref retries);
            await Task.Delay(retryAfter ?? TimeSpan.FromSeconds(1), ct);
        }
        answeredAt[i] = Stopwatch.GetTimestamp();
    }, ct)));

    var (final, allShown) = await WaitForPayloadAsync(p =>
    {
        var now = Stopwatch.GetTimestamp();
        foreach (var claim in p["claims"]?.AsArray() ?? [])
            shownAt.TryAdd(claim!["userId"]!.GetValue<Guid>(), now);
        // A Fair envelope's claims show without an amount until the reveal pays them all: done when every one has its amount.
        return p["state"]?.GetValue<string>() == "empty"
            || (shownAt.Count >= members.Count && p["claims"]!.AsArray().All(c => c!["units"] is not null));
    }, TimeSpan.FromSeconds(options.LimitSeconds), () =>
    {
        int answered, minedCount;
        answered = answeredAt.Count(a => a != 0);
        lock (mined) minedCount = mined.Count;
        return $"claims: {answered:N0} POSTs answered, {minedCount:N0} mined, {shownAt.Count:N0} confirmed in the message after {Stopwatch.GetElapsedTime(start).TotalSeconds:0} s";
    });
    var allShownSeconds = Stopwatch.GetElapsedTime(start, allShown).TotalSeconds;
    await claims;
    // The last claims' blocks: the watcher catches up with the chain before it stops.
    var minedTarget = Stopwatch.GetTimestamp() + 3 * Stopwatch.Frequency;
    while (Stopwatch.GetTimestamp() < minedTarget && mined.Count < shownAt.Count) await Task.Delay(100, ct);
    Volatile.Write(ref done, true);
    await watch;
    var share = cpu.Read();

    // The money, from the chain: each member's balance (they held none before), and the contract's events.
    var balances = new BigInteger[members.Count];
    await Parallel.ForEachAsync(Enumerable.Range(0, members.Count), new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = ct },
        async (i, token) => balances[i] = await rpc.TokenBalanceAsync(chain.ChatCoin, addresses[i], token));
    var payloadClaims = (final["claims"]?.AsArray() ?? []).Select(c => (User: c!["userId"]!.GetValue<Guid>(),
        Units: BigInteger.Parse(c["units"]!.GetValue<string>(), CultureInfo.InvariantCulture))).ToList();

    var result = new Result(
        Members: members.Count,
        Total: total,
        Split: options.Split,
        AllShownSeconds: allShownSeconds,
        LastMinedSeconds: mined.Count == 0 ? double.NaN : Stopwatch.GetElapsedTime(start, mined.Max(m => m.SeenAt)).TotalSeconds,
        LastAnsweredSeconds: Stopwatch.GetElapsedTime(start, answeredAt.Max()).TotalSeconds,
        PostMs: Enumerable.Range(0, members.Count).Select(i => Stopwatch.GetElapsedTime(postedAt[i], answeredAt[i]).TotalMilliseconds).ToList(),
        ShownMs: shownAt.Where(s => memberIndex.ContainsKey(s.Key)).Select(s => Stopwatch.GetElapsedTime(postedAt[memberIndex[s.Key]], s.Value).TotalMilliseconds).ToList(),
        Retries: retries,
        Statuses: statuses.GroupBy(s => s).OrderBy(g => g.Key).Select(g => $"{(g.Key < 0 ? "no answer" : g.Key.ToString(CultureInfo.InvariantCulture))}: {g.Count()}").ToList(),
        PayloadState: final["state"]?.GetValue<string>() ?? "-",
        PayloadClaims: payloadClaims.Count,
        PayloadDistinct: payloadClaims.Select(c => c.User).Distinct().Count(),
        PayloadOutsiders: payloadClaims.Count(c => !memberIndex.ContainsKey(c.User)),
        PayloadSum: payloadClaims.Aggregate(BigInteger.Zero, (a, c) => a + c.Units),
        ChainSum: balances.Aggregate(BigInteger.Zero, (a, b) => a + b),
        ChainHolders: balances.Count(b => b > 0),
        EventClaims: mined.Count,
        EventDistinct: mined.Select(m => m.Claimer.ToLowerInvariant()).Distinct().Count(),
        EventSum: mined.Aggregate(BigInteger.Zero, (a, m) => a + m.Amount),
        GasPerClaim: mined.Count == 0 ? double.NaN : mined.Average(m => (double)m.Gas),
        SmallestShare: balances.DefaultIfEmpty(BigInteger.Zero).Min(),
        LargestShare: balances.DefaultIfEmpty(BigInteger.Zero).Max(),
        ClaimsPerBlock: mined.GroupBy(m => m.SeenAt).OrderBy(g => g.Key).Select(g => g.Count()).ToList(),
        Cpu: share,
        LimitSeconds: options.LimitSeconds);
    result.Print();
    return result.Verified && result.AllShownSeconds <= 60 ? 0 : 1;

    async Task<(JsonNode Payload, long At)> WaitForPayloadAsync(Func<JsonNode, bool> isDone, TimeSpan limit, Func<string>? progress)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(limit.TotalSeconds * Stopwatch.Frequency);
        var lastReport = Stopwatch.GetTimestamp();
        while (true)
        {
            var messages = await Rest.GetAsync<List<MessageReply>>(http, $"api/chats/{group.Id}/messages?limit=20", creator.User.Token, ct);
            var payload = messages.Single(m => m.Id == messageId).Payload is { } text ? JsonNode.Parse(text)! : new JsonObject();
            var now = Stopwatch.GetTimestamp();
            if (isDone(payload)) return (payload, now);
            if (now > deadline)
            {
                Step($"time limit of {limit.TotalSeconds:N0} s reached");
                return (payload, now);
            }
            if (progress is not null && Stopwatch.GetElapsedTime(lastReport) > TimeSpan.FromSeconds(2))
            {
                Step(progress());
                lastReport = now;
            }
            await Task.Delay(250, ct);
        }
    }
}
catch (OperationCanceledException) when (ct.IsCancellationRequested)
{
    Step("cancelled");
    return 130;
}
catch (Exception e) when (e is InvalidOperationException or TimeoutException or FileNotFoundException or HttpRequestException)
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

// The service is reached on 127.0.0.1, but WebAuthn wants a host name for the RP id: the "browser" says localhost.
static string Origin(Uri baseUrl) => $"http://localhost:{baseUrl.Port}";

static BigInteger RawUnits(string coins) =>
    new BigInteger(decimal.Parse(coins, CultureInfo.InvariantCulture) * 1_000_000m) * BigInteger.Pow(10, 12);

sealed record WalletReply(string Address);
sealed record ChatReply(Guid Id);
sealed record MessageReply(Guid Id, string? Payload);

sealed record Options(int Members, string Total, string Split, double LimitSeconds, string? Anvil, string? ServiceLog, string? DataRoot)
{
    public static Options Parse(string[] args)
    {
        var values = new Dictionary<string, string>();
        for (var i = 0; i < args.Length; i++)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal) || i + 1 >= args.Length) throw new ArgumentException($"Unexpected argument {args[i]}");
            values[args[i][2..]] = args[++i];
        }
        return new Options(
            values.TryGetValue("members", out var m) ? int.Parse(m, CultureInfo.InvariantCulture) : 500,
            values.GetValueOrDefault("total") ?? "500",
            values.GetValueOrDefault("split") ?? "random",
            values.TryGetValue("limit", out var l) ? double.Parse(l, CultureInfo.InvariantCulture) : 180,
            values.GetValueOrDefault("anvil"), values.GetValueOrDefault("service-log"), values.GetValueOrDefault("data-root"));
    }
}
