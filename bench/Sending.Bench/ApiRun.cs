using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Threading.Channels;

namespace OpenChat.Chain.Sending.Bench;

/// <summary>What the service did with one transfer per user.</summary>
sealed record ApiResult(
    int Count, int Confirmed, int Failed, int PostErrors, string? FirstError, double Seconds, double MinedSeconds, double SubmitSeconds,
    IReadOnlyList<double> PostMs, IReadOnlyList<double> MinedMs, IReadOnlyList<double> ConfirmedMs, double GasPerTransfer, int Blocks,
    bool TimedOut, CpuShare Cpu, long Polls, IReadOnlyDictionary<long, long> BlockSeenAt, IReadOnlyList<SeenBlock> SeenBlocks, TimeSpan SubmitCpu,
    SteadyWindow Steady)
{
    public double PerSecond => Confirmed / Seconds;

    /// <summary>The service's CPU from the first POST until the last was answered, per POST (the passes signing meanwhile included).</summary>
    public double CpuMsPerPost => SubmitCpu.TotalMilliseconds / Math.Max(1, Count);
}

/// <summary>
/// Ours: every user POSTs one transfer (/api/wallet/transfers, Idempotency-Key) at once, many in flight. The bench
/// follows the chain itself (one eth_getBlockReceipts per block): a ChatCoin Transfer log from a user's address means
/// that user's transfer is mined, and only then is its status asked for (GET /api/wallet/transfers/{id}, again every
/// 100 ms until Confirmed), so watching costs the service about one request per transfer.
/// </summary>
sealed class ApiRun(HttpClient http, Rpc rpc, ChainFacts chain, Func<TimeSpan> serviceCpu)
{
    const string TransferTopic = "0xddf252ad1be2c89b69c2b068fc378daa952ba7f163c4a11628f55a4df523b3ef";
    // ExecutedForwardRequest(address,uint256,bool): one per forward request a relayer transaction (a batch) ran.
    const string ExecutedTopic = "0x842fb24a83793558587a3dab2be7674da4a51d09c5542d6dd354e5d0ea70813c";
    static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public async Task<ApiResult> RunAsync(IReadOnlyList<BenchUser> users, IReadOnlyList<string> addresses, IReadOnlyList<string> recipients,
        string amount, int concurrency, Action<string> progress, CancellationToken ct)
    {
        var count = users.Count;
        var byTopic = Enumerable.Range(0, count).ToDictionary(i => "0x" + addresses[i][2..].ToLowerInvariant().PadLeft(64, '0'), i => i);
        var transferIds = new Guid[count];
        var postedAt = new long[count];
        var answeredAt = new long[count];
        var minedAt = new long[count];
        var confirmedAt = new long[count];
        var gas = new long[count];
        var perBlock = new Dictionary<long, int>();
        int mined = 0, confirmed = 0, failed = 0, postErrors = 0, posted = 0;
        long polls = 0;
        string? firstError = null;
        var toConfirm = Channel.CreateUnbounded<int>();
        var watcher = new ChainWatcher(rpc);
        var head = await rpc.BlockNumberAsync(ct);
        var cpu = new CpuMeter(serviceCpu);
        var start = Stopwatch.GetTimestamp();
        bool Settled() => Volatile.Read(ref confirmed) + Volatile.Read(ref failed) + Volatile.Read(ref postErrors) >= count;

        var watch = watcher.WatchAsync(head, (receipt, block, seenAt) =>
        {
            // A batch's gas is shared by the requests it ran: each transfer's share is gasUsed / requests.
            var logs = receipt.GetProperty("logs").EnumerateArray().ToList();
            var requests = Math.Max(1, logs.Count(l => l.GetProperty("topics") is { ValueKind: JsonValueKind.Array } t && t.GetArrayLength() > 0
                && t[0].GetString() == ExecutedTopic && l.GetProperty("address").GetString()!.Equals(chain.Forwarder, StringComparison.OrdinalIgnoreCase)));
            foreach (var log in receipt.GetProperty("logs").EnumerateArray())
            {
                var topics = log.GetProperty("topics");
                if (topics.GetArrayLength() != 3 || topics[0].GetString() != TransferTopic
                    || !log.GetProperty("address").GetString()!.Equals(chain.ChatCoin, StringComparison.OrdinalIgnoreCase)
                    || !byTopic.TryGetValue(topics[1].GetString()!.ToLowerInvariant(), out var i) || minedAt[i] != 0) continue;
                minedAt[i] = seenAt;
                perBlock[block] = perBlock.GetValueOrDefault(block) + 1;
                gas[i] = (long)Rpc.Quantity(receipt.GetProperty("gasUsed")) / requests;
                Interlocked.Increment(ref mined);
                toConfirm.Writer.TryWrite(i);
            }
        }, Settled, TimeSpan.FromMinutes(5), ct);

        // A handful of pollers: each asks for one mined transfer's status, and puts it back if the service has not seen the receipt yet.
        var pollers = Enumerable.Range(0, 4).Select(poller => Task.Run(async () =>
        {
            await foreach (var i in toConfirm.Reader.ReadAllAsync(ct))
            {
                if (transferIds[i] == Guid.Empty)
                {
                    await Task.Delay(20, ct);
                    toConfirm.Writer.TryWrite(i); // mined before its POST answered (it can happen): ask later
                    continue;
                }
                using var request = new HttpRequestMessage(HttpMethod.Get, $"api/wallet/transfers/{transferIds[i]}");
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", users[i].Token);
                using var response = await http.SendAsync(request, ct);
                Interlocked.Increment(ref polls);
                var view = await response.Content.ReadFromJsonAsync<TransferReply>(Json, ct);
                var now = Stopwatch.GetTimestamp();
                switch (view?.Status)
                {
                    case "Confirmed":
                        confirmedAt[i] = now;
                        Interlocked.Increment(ref confirmed);
                        break;
                    case "Failed":
                        Interlocked.Increment(ref failed);
                        Interlocked.CompareExchange(ref firstError, $"transfer failed: {view.FailureReason}", null);
                        break;
                    default:
                        _ = Task.Delay(100, ct).ContinueWith(_ => toConfirm.Writer.TryWrite(i), TaskScheduler.Default);
                        break;
                }
                if (Settled()) toConfirm.Writer.TryComplete();
            }
        }, ct)).ToList();

        var reporting = Task.Run(async () =>
        {
            while (!Settled() && !ct.IsCancellationRequested)
            {
                await Task.Delay(TimeSpan.FromSeconds(2), ct).ContinueWith(_ => { }, CancellationToken.None);
                progress($"ours: posted {Volatile.Read(ref posted):N0}, mined {Volatile.Read(ref mined):N0}, confirmed {Volatile.Read(ref confirmed):N0}/{count:N0}" +
                    $" after {Stopwatch.GetElapsedTime(start).TotalSeconds:0} s");
            }
        }, ct);

        var submitCpu0 = serviceCpu();
        await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = concurrency, CancellationToken = ct },
            async (i, token) =>
            {
                postedAt[i] = Stopwatch.GetTimestamp();
                using var request = new HttpRequestMessage(HttpMethod.Post, "api/wallet/transfers")
                {
                    Content = JsonContent.Create(new { to = recipients[i], amount }),
                };
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", users[i].Token);
                request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());
                try
                {
                    using var response = await http.SendAsync(request, token);
                    answeredAt[i] = Stopwatch.GetTimestamp();
                    if (!response.IsSuccessStatusCode)
                    {
                        Interlocked.CompareExchange(ref firstError, $"POST {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(token)}", null);
                        Interlocked.Increment(ref postErrors);
                        return;
                    }
                    var view = await response.Content.ReadFromJsonAsync<TransferReply>(Json, token);
                    transferIds[i] = view!.Id;
                    Interlocked.Increment(ref posted);
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !token.IsCancellationRequested)
                {
                    Interlocked.CompareExchange(ref firstError, $"POST: {e.Message}", null);
                    Interlocked.Increment(ref postErrors);
                }
            });
        var submitted = Stopwatch.GetElapsedTime(start);
        var submitCpu = serviceCpu() - submitCpu0;
        var done = await watch;
        toConfirm.Writer.TryComplete();
        var share = cpu.Read();
        try
        {
            await Task.WhenAll(pollers);
        }
        catch (ChannelClosedException)
        {
            // Completed while a re-queue was on its way: nothing left to ask.
        }
        await reporting;

        var ok = Enumerable.Range(0, count).Where(i => confirmedAt[i] != 0).ToList();
        var landed = Enumerable.Range(0, count).Where(i => minedAt[i] != 0).ToList();
        var end = ok.Count == 0 ? Stopwatch.GetTimestamp() : ok.Max(i => confirmedAt[i]);
        var minedEnd = landed.Count == 0 ? Stopwatch.GetTimestamp() : landed.Max(i => minedAt[i]);
        return new ApiResult(count, ok.Count, failed, postErrors, firstError,
            Stopwatch.GetElapsedTime(start, end).TotalSeconds, Stopwatch.GetElapsedTime(start, minedEnd).TotalSeconds, submitted.TotalSeconds,
            Enumerable.Range(0, count).Where(i => answeredAt[i] != 0).Select(i => Stopwatch.GetElapsedTime(postedAt[i], answeredAt[i]).TotalMilliseconds).ToList(),
            landed.Select(i => Stopwatch.GetElapsedTime(postedAt[i], minedAt[i]).TotalMilliseconds).ToList(),
            ok.Select(i => Stopwatch.GetElapsedTime(postedAt[i], confirmedAt[i]).TotalMilliseconds).ToList(),
            landed.Count == 0 ? double.NaN : landed.Average(i => (double)gas[i]), watcher.Blocks.Count(b => b.Transactions > 0), !done, share,
            Interlocked.Read(ref polls), watcher.Blocks.ToDictionary(b => b.Number, b => b.SeenAt), watcher.Blocks, submitCpu,
            SteadyWindow.Of(perBlock, watcher.Blocks));
    }

    sealed record TransferReply(Guid Id, string Status, string? FailureReason);
}
