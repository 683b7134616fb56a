using System.Diagnostics;
using System.Globalization;
using System.Numerics;
using System.Reflection;
using System.Runtime.InteropServices;
using OpenChat.Chain.Sending.Bench;
using OpenChat.Chain.Wallet.Keys;

// Sending throughput, end to end: transfers/s through the service's API (outbox, forward requests, relayer) against a
// flood of pre-signed plain transfers on the same embedded anvil, in the same run. Options: README.md.

const string TestMnemonic = "test test test test test test test test test test test junk"; // anvil's public dev accounts

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
var serviceAssembly = options.ServiceAssembly ?? metadata["ServiceAssembly"];
var clock = Stopwatch.StartNew();
var (utc0, timestamp0) = (DateTime.UtcNow, Stopwatch.GetTimestamp());
Console.WriteLine($"load average before the run: {LoadAverage.Read()} (other processes on this machine disturb the figures)");
Console.WriteLine($"Sending bench: {options.Transfers:N0} transfers each way, {Environment.ProcessorCount} cores; service {serviceAssembly}");

ServiceProcess? service = null;
try
{
    Step("service: starting (anvil, contracts, SQLite in a temp folder)");
    service = await ServiceProcess.StartAsync(
        serviceAssembly, Path.Combine(metadata["RepoRoot"], "src", "Api"), options.Anvil, options.ServiceLog, options.DataRoot, ct);
    using var http = Rest.ClientFor(service.BaseUrl, TimeSpan.FromSeconds(60));
    var chain = await ChainFacts.ReadAsync(http, ct);
    using var rpc = new Rpc(chain.RpcUrl);
    Step($"service: healthy at {service.BaseUrl}; anvil {chain.RpcUrl}, chain {chain.ChainId}, ChatCoin {chain.ChatCoin}");

    var (users, retried) = await SiweSignUp.SignUpAsync(http, service.BaseUrl, chain.ChainId, options.Transfers, n =>
    {
        if (n % 250 == 0 || n == options.Transfers) Step($"sign-ups (SIWE): {n:N0}/{options.Transfers:N0}");
    }, ct);
    if (retried > 0) Step($"sign-ups: {retried} sign-ins answered 5xx and were retried");
    var addresses = new string[users.Count];
    await Parallel.ForEachAsync(Enumerable.Range(0, users.Count), new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = ct },
        async (i, token) => addresses[i] = (await Rest.GetAsync<WalletReply>(http, "api/wallet", users[i].Token, token)).Address);
    Step($"wallets: {addresses.Distinct(StringComparer.OrdinalIgnoreCase).Count():N0} distinct custodial accounts");
    // Wallet transfers are confirmed by the owner; each user lets its session send under 2 CHAT once (an EIP-712-confirmed
    // threshold change), so the timed run below measures sending, not signing.
    await Parallel.ForEachAsync(users, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = ct },
        async (user, token) => await OwnerConfirmation.AllowSessionBelowAsync(http, user, "2", token));
    Step("thresholds: every user sends under 2 CHAT on its session");

    using var dev = HdWallet.FromMnemonic(TestMnemonic);
    var flood = new RawFlood(rpc, dev, chain, service.CpuTime);
    // The deployer (dev account 0) holds the treasury's CHAT: it gives dev accounts 1..9 enough for both floods.
    var perSender = RawFlood.Coins(100 + 11m * (options.Transfers / RawFlood.Senders + 1));
    var seeded = await flood.RunAsync("seed", Enumerable.Range(1, RawFlood.Senders - 1).Select(dev.AddressOf).ToList(), perSender, 4, ct, senders: 1);
    if (seeded.Count != RawFlood.Senders - 1 || seeded.Reverted > 0)
        throw new InvalidOperationException($"Seeding the dev accounts failed: {seeded.FirstError ?? $"{seeded.Reverted} reverted"}");
    var baseFee0 = await BaseFeeAsync(rpc, ct);

    // Set-up, not measured against anything: every user gets 10 CHAT by the same kind of flood.
    var funding = await flood.RunAsync("funding", addresses, RawFlood.Coins(10), options.FloodConcurrency, ct, progress: Step);
    Step($"funding: {funding.Count:N0} users got 10 CHAT in {funding.Seconds:0.0} s ({funding.PerSecond:N0}/s)" +
        (funding.SendErrors + funding.Reverted > 0 ? $", {funding.SendErrors} refused, {funding.Reverted} reverted: {funding.FirstError}" : ""));
    await SettleAsync("after funding");

    Step($"baseline: {options.Transfers:N0} pre-signed ChatCoin transfers from {RawFlood.Senders} dev accounts to fresh addresses, " +
        $"{options.FloodConcurrency} eth_sendRawTransaction in flight");
    var baseline = await flood.RunAsync("baseline", RawFlood.FreshAddresses(options.Transfers), RawFlood.Coins(1), options.FloodConcurrency, ct, progress: Step);
    await SettleAsync("after the baseline");

    // Twice: each user's first relayed request writes its forwarder nonce slot from zero (22,100 gas), which the raw flood's
    // senders, dev accounts that have sent before, never pay; the second round is the steady state, comparable to the flood.
    var rounds = new List<OursRound>();
    foreach (var round in new[] { "first request", "steady state" })
    {
        if (rounds.Count > 0) await SettleAsync($"after ours ({rounds[^1].Name})");
        Step($"ours, {round}: {options.Transfers:N0} users POST /api/wallet/transfers (1 CHAT to a fresh address each), {options.PostConcurrency} in flight");
        var since = DateTime.UtcNow;
        var ours = await new ApiRun(http, rpc, chain, service.CpuTime).RunAsync(users, addresses, RawFlood.FreshAddresses(options.Transfers), "1",
            options.PostConcurrency, Step, ct);
        rounds.Add(new OursRound(round, ours, OutboxProfile.Read(service.DataDirectory, utc0, timestamp0, ours.BlockSeenAt, since)));
    }

    Report.Print(options, baseline, rounds);
    return rounds.All(r => r.Result.Confirmed == options.Transfers) && baseline.Count == options.Transfers ? 0 : 1;

    async Task SettleAsync(string when)
    {
        // Back to the base fee of an idle chain (each empty block takes 12.5% off, EIP-1559), and the service idle (its
        // indexer reads every block), so one phase does not pay for the previous one.
        var waited = Stopwatch.StartNew();
        BigInteger fee;
        while ((fee = await BaseFeeAsync(rpc, ct)) > baseFee0 * 11 / 10 && waited.Elapsed < TimeSpan.FromSeconds(40)) await Task.Delay(500, ct);
        await service.SettleAsync(TimeSpan.FromSeconds(20), ct);
        Step($"settled {when} in {waited.Elapsed.TotalSeconds:0} s (base fee {(double)fee / 1e9:0.###} gwei, idle chain {(double)baseFee0 / 1e9:0.###} gwei)");
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

static async Task<BigInteger> BaseFeeAsync(Rpc rpc, CancellationToken ct) =>
    Rpc.Quantity((await rpc.CallAsync("eth_getBlockByNumber", ["latest", false], ct)).GetProperty("baseFeePerGas"));

sealed record WalletReply(string Address);

sealed record OursRound(string Name, ApiResult Result, OutboxProfile Profile);

sealed record Options(int Transfers, int FloodConcurrency, int PostConcurrency, string? Anvil, string? ServiceLog, string? DataRoot, string? ServiceAssembly)
{
    public static Options Parse(string[] args)
    {
        var values = new Dictionary<string, string>();
        for (var i = 0; i < args.Length; i++)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal) || i + 1 >= args.Length) throw new ArgumentException($"Unexpected argument {args[i]}");
            values[args[i][2..]] = args[++i];
        }
        int Number(string name, int fallback) => values.TryGetValue(name, out var v) ? int.Parse(v, CultureInfo.InvariantCulture) : fallback;
        return new Options(Number("transfers", 3_000), Number("flood-concurrency", 16), Number("post-concurrency", 32),
            values.GetValueOrDefault("anvil"), values.GetValueOrDefault("service-log"), values.GetValueOrDefault("data-root"),
            values.GetValueOrDefault("service-assembly") is { } assembly ? Path.GetFullPath(assembly) : null);
    }
}
