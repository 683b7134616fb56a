using System.Diagnostics;
using System.Globalization;
using System.Numerics;
using System.Reflection;
using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.RegularExpressions;
using Nethereum.Util;
using OpenChat.Chain.Circles.Bench;

// A paid circle, end to end: members pay to join (passkey-confirmed, relayed gasless) in waves, each with a device on the
// hub beforehand, and the bench times each admission from the block holding the member's CirclePaid event to the
// member's device hearing of the circle and to the member's first readable GET of its messages. Options: README.md.

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
// One anchor between the bench's stopwatch and the wall clock, to place the service's log lines and the chain's block
// timestamps (both wall clock, same machine) on the stopwatch's line.
var anchorTicks = Stopwatch.GetTimestamp();
var anchorWall = DateTimeOffset.UtcNow;
var serviceLog = options.ServiceLog ?? Path.Combine(Path.GetTempPath(), $"circles-bench-service-{Environment.ProcessId}.log");
var price = BigInteger.Parse(options.Price, CultureInfo.InvariantCulture) * BigInteger.Pow(10, 18);
Console.WriteLine($"load average before the run: {LoadAverage.Read()} (other processes on this machine disturb the figures)");
Console.WriteLine($"Circles bench: {options.Members} members pay {options.Price} CHAT to join one paid circle in {options.Waves} waves; " +
    $"{Environment.ProcessorCount} cores; service {serviceAssembly}");

ServiceProcess? service = null;
var members = new List<Member>();
try
{
    Step("service: starting (anvil, contracts, SQLite in a temp folder)");
    // The broadcaster's "confirmed" lines, with UTC milliseconds, place the wallet row's confirmation between the block
    // and the push. WebAuthn: RP id "localhost" and the origin the software authenticator writes into clientDataJSON.
    service = await ServiceProcess.StartAsync(serviceAssembly, Path.Combine(metadata["RepoRoot"], "src", "Api"), options.Anvil, serviceLog,
        options.DataRoot, ct, baseUrl =>
        [
            "--Passkeys:RpId=localhost", $"--Passkeys:Origins:0={Origin(baseUrl)}",
            "--Logging:LogLevel:OpenChat.Chain.Wallet.Sending.Broadcaster=Information",
            "--Logging:Console:FormatterOptions:UseUtcTimestamp=true", "--Logging:Console:FormatterOptions:TimestampFormat=yyyy-MM-ddTHH:mm:ss.fffZ",
        ]);
    using var http = Rest.ClientFor(service.BaseUrl, TimeSpan.FromSeconds(60));
    var chain = await ChainFacts.ReadAsync(http, ct);
    var circleAccess = chain.Contracts["CircleAccess"];
    using var rpc = new Rpc(chain.RpcUrl);
    Step($"service: healthy at {service.BaseUrl}; anvil {chain.RpcUrl}, CircleAccess {circleAccess}");

    var (users, retried) = await SiweSignUp.SignUpAsync(http, service.BaseUrl, chain.ChainId, options.Members + 1, _ => { }, ct);
    Step($"sign-ups (SIWE): {users.Count}{(retried > 0 ? $", {retried} retried after a 5xx" : "")}");
    var owner = users[0];
    members.AddRange(users.Skip(1).Select(u => new Member(http, u, Origin(service.BaseUrl))));
    foreach (var m in members) m.Address = (await Rest.GetAsync<WalletReply>(http, "api/wallet", m.User.Token, ct)).Address;

    // The circle: a group of its owner alone, a paid rule, registered on chain from the owner's account (relayed).
    var group = await Rest.PostAsync<ChatReply>(http, "api/chats/groups", new { title = "circle bench", memberIds = Array.Empty<Guid>() }, owner.Token, ct);
    await PutAsync($"api/circles/{group.Id}/rule", new { access = "Pay", description = "bench", price = options.Price, periodSeconds = 30 * 86_400 }, owner.Token);
    var circle = await WaitAsync(async () =>
    {
        var c = await Rest.GetAsync<CircleReply>(http, $"api/circles/{group.Id}", owner.Token, ct);
        return c.OnChainId is null ? null : c;
    }, TimeSpan.FromSeconds(60), "the circle's registration on chain");
    await Rest.PostAsync<JsonElement>(http, $"api/chats/{group.Id}/messages",
        new { clientMessageId = Guid.NewGuid(), text = "welcome to the circle" }, owner.Token, ct);
    Step($"circle {group.Id}: on chain as #{circle.OnChainId}, {options.Price} CHAT per 30 days");

    // Funding from the deployer (anvil dev account 0): plain ChatCoin transfers, the gas baseline of this run.
    var funding = await Chain.SendAsync(rpc, chain, 0, members.Select(m => Chain.Transfer(chain, m.Address, price * 2)).ToList(), ct);
    var transferGas = funding.Select(Chain.Gas).ToList();
    await Parallel.ForEachAsync(members, new ParallelOptions { MaxDegreeOfParallelism = 4, CancellationToken = ct }, async (m, token) =>
    {
        await m.AddPasskeyAsync(token);
        await m.ConnectAsync(service.BaseUrl, group.Id, token);
    });
    Step($"{members.Count} members: {options.Price}×2 CHAT each from the deployer, a passkey each, a device each on the hub");
    await service.SettleAsync(TimeSpan.FromSeconds(20), ct);

    // The chain as the bench sees it: every block's receipts, CirclePaid events by member address.
    var paidTopic = "0x" + Sha3Keccack.Current.CalculateHash("CirclePaid(uint256,address,uint64,uint96,uint64)");
    var mined = new Dictionary<string, Mined>(StringComparer.OrdinalIgnoreCase);
    var watcher = new ChainWatcher(rpc);
    var done = false;
    var watch = watcher.WatchAsync(await rpc.BlockNumberAsync(ct), (receipt, block, seenAt) =>
    {
        foreach (var log in receipt.GetProperty("logs").EnumerateArray())
        {
            var topics = log.GetProperty("topics");
            if (topics.GetArrayLength() == 3 && topics[0].GetString() == paidTopic
                && log.GetProperty("address").GetString()!.Equals(circleAccess, StringComparison.OrdinalIgnoreCase))
                lock (mined) mined.TryAdd("0x" + topics[2].GetString()![26..], new Mined(block, seenAt, Chain.Gas(receipt),
                    receipt.GetProperty("transactionHash").GetString()!, receipt.GetProperty("to").GetString() ?? ""));
        }
    }, () => Volatile.Read(ref done), TimeSpan.FromMinutes(10), ct);

    var cpu = new CpuMeter(service.CpuTime);
    var waves = members.Chunk((members.Count + options.Waves - 1) / options.Waves).ToList();
    foreach (var (wave, n) in waves.Select((w, i) => (w, i + 1)))
    {
        var start = Stopwatch.GetTimestamp();
        await Task.WhenAll(wave.Select(m => Task.Run(async () =>
        {
            await m.JoinAsync(group.Id, circle.OnChainId!, options.Price, 1, ct);
            await m.PollUntilReadableAsync(group.Id, TimeSpan.FromMilliseconds(options.PollMs), TimeSpan.FromSeconds(60), ct);
        }, ct)));
        // The last pushes may trail the last readable GET by a moment.
        var pushLimit = Stopwatch.GetTimestamp() + 5 * Stopwatch.Frequency;
        while (wave.Any(m => Volatile.Read(ref m.PushedAt) == 0) && Stopwatch.GetTimestamp() < pushLimit) await Task.Delay(50, ct);
        Step($"wave {n}/{waves.Count}: {wave.Length} joins, {wave.Count(m => m.ReadableAt != 0)} readable, {wave.Count(m => m.PushedAt != 0)} pushed " +
            $"in {Stopwatch.GetElapsedTime(start).TotalSeconds:0.0} s");
        await Task.Delay(TimeSpan.FromSeconds(2), ct);
    }
    var share = cpu.Read();

    // One unrelayed pay from dev account 1 (ETH for gas, CHAT from the deployer), then a plain transfer between the same
    // two accounts (dev 1 → the owner, the circle's payout): the pay moves the same coins, so this is its fair baseline.
    var direct = Chain.DevAddress(1);
    var payout = (await Rest.GetAsync<WalletReply>(http, "api/wallet", owner.Token, ct)).Address;
    await Chain.SendAsync(rpc, chain, 0, [Chain.Transfer(chain, direct, price * 2)], ct);
    var directReceipts = await Chain.SendAsync(rpc, chain, 1,
    [
        Chain.Approve(chain, circleAccess, price), Chain.Pay(circleAccess, BigInteger.Parse(circle.OnChainId!, CultureInfo.InvariantCulture), 1, price),
        Chain.Transfer(chain, payout, price),
    ], ct);
    var directPayGas = Chain.Gas(directReceipts[1]);
    var sameTransferGas = Chain.Gas(directReceipts[2]);
    var afterLast = Stopwatch.GetTimestamp() + 3 * Stopwatch.Frequency;
    while (Stopwatch.GetTimestamp() < afterLast && !mined.ContainsKey(direct)) await Task.Delay(100, ct);
    Volatile.Write(ref done, true);
    await watch;

    // Block timestamps (chain clock, whole seconds) and the broadcaster's "confirmed" lines (service clock, ms).
    var blockTimes = new Dictionary<long, DateTimeOffset>();
    foreach (var block in mined.Values.Select(m => m.Block).Distinct())
        blockTimes[block] = DateTimeOffset.FromUnixTimeSeconds((long)Rpc.Quantity((await rpc.BlockAsync(block, ct)).GetProperty("timestamp")));
    var confirmedAt = ConfirmedLines(serviceLog);

    var joins = members.Select(m =>
    {
        var found = mined.TryGetValue(m.Address, out var x);
        return new Join(
            Mined: found ? x!.SeenAt : 0,
            Block: found ? x!.Block : 0,
            BlockTime: found ? blockTimes[x!.Block] : null,
            Posted: m.PostedAt, Answered: m.AnsweredAt, Pushed: m.PushedAt, Readable: m.ReadableAt, FirstPush: m.FirstPush,
            Confirmed: found && confirmedAt.TryGetValue(x!.TxHash, out var c) ? c : null,
            Admitted: m.AdmittedAt,
            BlocksSeenBeforePush: found && m.PushedAt != 0 ? watcher.Blocks.Count(b => b.Number > x!.Block && b.SeenAt <= m.PushedAt) : -1);
    }).ToList();
    var relayed = members.Where(m => mined.ContainsKey(m.Address)).Select(m => mined[m.Address]).ToList();

    var report = new Report(joins, transferGas, sameTransferGas, relayed.Select(r => r.Gas).ToList(), directPayGas,
        relayed.Select(r => r.To).Distinct().ToList(), share, options, anchorTicks, anchorWall);
    report.Print();
    return report.Complete ? 0 : 1;

    async Task PutAsync(string path, object body, string token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Put, path) { Content = System.Net.Http.Json.JsonContent.Create(body) };
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        using var response = await http.SendAsync(request, ct);
        if (!response.IsSuccessStatusCode)
            throw new InvalidOperationException($"PUT {path} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(ct)}");
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
    foreach (var m in members) await m.DisposeAsync();
    if (service is not null)
    {
        Step("service: stopping and deleting its data folder");
        await service.DisposeAsync();
    }
    if (options.ServiceLog is null) File.Delete(serviceLog);
    Step("done");
}

void Step(string text) => Console.WriteLine($"[{clock.Elapsed.TotalSeconds,5:0.0}s] {text}");

async Task<T> WaitAsync<T>(Func<Task<T?>> probe, TimeSpan limit, string what) where T : class
{
    var deadline = Stopwatch.GetTimestamp() + (long)(limit.TotalSeconds * Stopwatch.Frequency);
    while (Stopwatch.GetTimestamp() < deadline)
    {
        if (await probe() is { } value) return value;
        await Task.Delay(250, ct);
    }
    throw new TimeoutException($"no sign of {what} within {limit.TotalSeconds:N0} s");
}

// The service logs JSON lines: {"Timestamp":"2026-11-26T00:25:36.160Z",…,"Message":"Transfer … confirmed on chain 31337: tx 0x… in block 7",…}
static Dictionary<string, DateTimeOffset> ConfirmedLines(string path)
{
    var found = new Dictionary<string, DateTimeOffset>(StringComparer.OrdinalIgnoreCase);
    if (!File.Exists(path)) return found;
    using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
    using var reader = new StreamReader(stream);
    while (reader.ReadLine() is { } line)
    {
        var match = Regex.Match(line, @"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z).*?confirmed on chain \d+: tx (0x[0-9a-fA-F]{64})");
        if (match.Success && DateTimeOffset.TryParse(match.Groups[1].Value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at))
            found.TryAdd(match.Groups[2].Value, at);
    }
    return found;
}

// The service is reached on 127.0.0.1, but WebAuthn wants a host name for the RP id: the "browser" says localhost.
static string Origin(Uri baseUrl) => $"http://localhost:{baseUrl.Port}";

sealed record WalletReply(string Address);
sealed record ChatReply(Guid Id);
sealed record CircleReply(Guid ChatId, string Price, string? OnChainId, int MemberCount);
sealed record Mined(long Block, long SeenAt, long Gas, string TxHash, string To);

/// <summary>One join on the bench's stopwatch (0 = never happened), with the wall-clock stamps from the chain and the service.</summary>
sealed record Join(long Mined, long Block, DateTimeOffset? BlockTime, long Posted, long Answered, long Pushed, long Readable, string? FirstPush,
    DateTimeOffset? Confirmed, DateTimeOffset? Admitted, int BlocksSeenBeforePush);

sealed record Options(int Members, int Waves, string Price, int PollMs, string? Anvil, string? ServiceLog, string? DataRoot)
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
            values.TryGetValue("members", out var m) ? int.Parse(m, CultureInfo.InvariantCulture) : 30,
            values.TryGetValue("waves", out var w) ? int.Parse(w, CultureInfo.InvariantCulture) : 3,
            values.GetValueOrDefault("price") ?? "5",
            values.TryGetValue("poll-ms", out var p) ? int.Parse(p, CultureInfo.InvariantCulture) : 50,
            values.GetValueOrDefault("anvil"), values.GetValueOrDefault("service-log"), values.GetValueOrDefault("data-root"));
    }
}
