using System.Diagnostics;
using System.Globalization;
using System.Numerics;
using Nethereum.Hex.HexConvertors.Extensions;
using Nethereum.Model;
using Nethereum.Util;
using OpenChat.Chain.Wallet.Keys;

namespace OpenChat.Chain.Sending.Bench;

/// <summary>What one flood of pre-signed transfers gave.</summary>
sealed record FloodResult(
    string Name, int Count, double Seconds, double SubmitSeconds, IReadOnlyList<double> LatenciesMs, double GasPerTransfer,
    int Reverted, int SendErrors, string? FirstError, int Blocks, bool TimedOut, CpuShare Cpu, SteadyWindow Steady)
{
    public double PerSecond => Count / Seconds;
}

/// <summary>
/// The yardstick: plain ChatCoin transfers, EIP-1559, signed in advance by anvil's ten funded dev accounts with
/// consecutive nonces per account, then sent as fast as the node takes them (eth_sendRawTransaction, many in flight),
/// and timed until the last receipt is in a block the bench has seen. No database, no relaying, no forwarder.
/// </summary>
sealed class RawFlood(Rpc rpc, HdWallet dev, ChainFacts chain, Func<TimeSpan> serviceCpu)
{
    public const int Senders = 10;
    const string TransferSelector = "0xa9059cbb";
    static readonly BigInteger Gwei = 1_000_000_000;

    // EIP-1559: maxFeePerGas ≥ baseFee + tip; 100 gwei rides out any base-fee rise a run of full 1 s blocks brings.
    static readonly BigInteger MaxFee = 100 * Gwei, Tip = Gwei;
    const long Gas = 120_000;

    /// <summary>Transfers <paramref name="amounts"/>[i] base units to <paramref name="recipients"/>[i], sender i mod <paramref name="senders"/>.</summary>
    public async Task<FloodResult> RunAsync(string name, IReadOnlyList<string> recipients, BigInteger amount, int concurrency, CancellationToken ct,
        int senders = Senders, Action<string>? progress = null)
    {
        var count = recipients.Count;
        var raw = new string[count];
        var index = new Dictionary<string, int>(count, StringComparer.OrdinalIgnoreCase);
        var nonces = new BigInteger[senders];
        for (var s = 0; s < senders; s++) nonces[s] = await rpc.PendingNonceAsync(dev.AddressOf(s), ct);
        for (var i = 0; i < count; i++)
        {
            var s = i % senders;
            var data = TransferSelector + recipients[i][2..].ToLowerInvariant().PadLeft(64, '0') + amount.ToString("x64", CultureInfo.InvariantCulture)[^64..];
            var tx = new Transaction1559(chain.ChainId, nonces[s]++, Tip, MaxFee, Gas, chain.ChatCoin, 0, data, []);
            var bytes = dev.SignTransaction(s, tx);
            raw[i] = bytes.ToHex(true);
            index[Sha3Keccack.Current.CalculateHash(bytes).ToHex(true)] = i;
        }

        var sentAt = new long[count];
        var minedAt = new long[count];
        var gas = new long[count];
        var perBlock = new Dictionary<long, int>();
        var mined = 0;
        var reverted = 0;
        var sendErrors = 0;
        string? firstError = null;
        var watcher = new ChainWatcher(rpc);
        var head = await rpc.BlockNumberAsync(ct);
        var cpu = new CpuMeter(serviceCpu);
        var start = Stopwatch.GetTimestamp();
        var watch = watcher.WatchAsync(head, (receipt, block, seenAt) =>
        {
            if (!index.TryGetValue(receipt.GetProperty("transactionHash").GetString()!, out var i)) return;
            minedAt[i] = seenAt;
            perBlock[block] = perBlock.GetValueOrDefault(block) + 1;
            gas[i] = (long)Rpc.Quantity(receipt.GetProperty("gasUsed"));
            if (Rpc.Quantity(receipt.GetProperty("status")) != 1) reverted++;
            mined++;
        }, () => mined + Volatile.Read(ref sendErrors) >= count, TimeSpan.FromMinutes(3), ct);
        var progressing = Progress(name, count, () => mined, start, progress, ct);

        await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = concurrency, CancellationToken = ct },
            async (i, token) =>
            {
                sentAt[i] = Stopwatch.GetTimestamp();
                try
                {
                    await rpc.SendRawAsync(raw[i], token);
                }
                catch (RpcException e)
                {
                    Interlocked.CompareExchange(ref firstError, e.NodeMessage, null);
                    Interlocked.Increment(ref sendErrors);
                }
            });
        var submitted = Stopwatch.GetElapsedTime(start);
        var done = await watch;
        var share = cpu.Read();
        await progressing;

        var landed = Enumerable.Range(0, count).Where(i => minedAt[i] != 0).ToList();
        var end = landed.Count == 0 ? Stopwatch.GetTimestamp() : landed.Max(i => minedAt[i]);
        return new FloodResult(name, landed.Count, Stopwatch.GetElapsedTime(start, end).TotalSeconds, submitted.TotalSeconds,
            landed.Select(i => Stopwatch.GetElapsedTime(sentAt[i], minedAt[i]).TotalMilliseconds).ToList(),
            landed.Count == 0 ? double.NaN : landed.Average(i => (double)gas[i]), reverted, sendErrors, firstError,
            watcher.Blocks.Count(b => b.Transactions > 0), !done, share, SteadyWindow.Of(perBlock, watcher.Blocks));
    }

    static async Task Progress(string name, int count, Func<int> done, long start, Action<string>? report, CancellationToken ct)
    {
        if (report is null) return;
        while (done() < count && !ct.IsCancellationRequested)
        {
            await Task.Delay(TimeSpan.FromSeconds(2), ct).ContinueWith(_ => { }, CancellationToken.None);
            report($"{name}: {done():N0}/{count:N0} mined after {Stopwatch.GetElapsedTime(start).TotalSeconds:0} s");
        }
    }

    /// <summary>Fresh addresses nobody holds a key for: recipients whose balance slot starts at zero, like the users'.</summary>
    public static IReadOnlyList<string> FreshAddresses(int count) =>
        Enumerable.Range(0, count).Select(_ => System.Security.Cryptography.RandomNumberGenerator.GetBytes(20).ToHex(true)).ToList();

    public static BigInteger Coins(decimal coins) => new BigInteger(coins * 1_000_000m) * BigInteger.Pow(10, 12);
}

