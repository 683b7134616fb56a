using System.Diagnostics;

namespace OpenChat.Chain.Messaging.Bench;

/// <summary>
/// What one run saw, keyed by clientMessageId: when each message was due (one Stopwatch for the whole process),
/// whether its POST succeeded, and who got its push and when. Safe for the many threads that report into it.
/// </summary>
sealed class Probe
{
    readonly Scenario _scenario;
    readonly Dictionary<Guid, int> _index;
    readonly int[] _delivered;
    readonly long[] _sequence;
    readonly long[] _lastArrival;
    readonly bool[] _posted;
    readonly int[] _echoed;
    readonly long[] _pushLatency;
    readonly long[] _postLatency;
    readonly long[] _refusedLatency;
    readonly long[] _refusedRoundTrip;
    readonly long[] _leftLate;
    readonly long[] _untilTaken;
    readonly long[] _afterTaken;
    // The wall clock at one Stopwatch timestamp, to place the service's CreatedAt (wall clock, same machine) on the Stopwatch's line.
    readonly DateTimeOffset _wallAtStart = DateTimeOffset.UtcNow;
    readonly long _stopwatchAtStart = Stopwatch.GetTimestamp();
    readonly Dictionary<int, int> _statuses = [];
    int _pushCount, _postCount, _refusedCount, _refusedRoundTripCount, _leftLateCount;
    long _windowStart = long.MaxValue, _windowEnd = long.MaxValue;

    public Probe(Scenario scenario, int total, int firstMeasured)
    {
        _scenario = scenario;
        Total = total;
        FirstMeasured = firstMeasured;
        ClientIds = Enumerable.Range(0, total).Select(_ => Guid.NewGuid()).ToArray();
        _index = ClientIds.Select((id, i) => (id, i)).ToDictionary(p => p.id, p => p.i);
        Scheduled = new long[total];
        _delivered = new int[total];
        _sequence = new long[total];
        _lastArrival = new long[total];
        _posted = new bool[total];
        _echoed = new int[total];
        var maxRecipients = scenario.Lanes.Max(l => l.Recipients.Count);
        _pushLatency = new long[(total - firstMeasured) * maxRecipients];
        _postLatency = new long[total - firstMeasured];
        _refusedLatency = new long[total - firstMeasured];
        _refusedRoundTrip = new long[total - firstMeasured];
        _leftLate = new long[total - firstMeasured];
        _untilTaken = new long[(total - firstMeasured) * maxRecipients];
        _afterTaken = new long[(total - firstMeasured) * maxRecipients];
    }

    public int Total { get; }
    public int FirstMeasured { get; }
    public Guid[] ClientIds { get; }

    /// <summary>When message i is due, in Stopwatch ticks: latency counts from here, not from when it went out.</summary>
    public long[] Scheduled { get; }

    public Lane LaneOf(int i) => _scenario.Lanes[i % _scenario.Lanes.Count];

    /// <summary>Message i's body: the bench's text, or in a private chat's scenario its stand-in MLS ciphertext.</summary>
    public SendMessageBody BodyOf(int i, string text) =>
        _scenario.Ciphertext is { } ciphertext ? new SendMessageBody(ClientIds[i], null, ciphertext) : new SendMessageBody(ClientIds[i], text);

    public long Fired;
    public long PostedOk, PostedInWindow, RefusedInWindow, Timeouts, OtherErrors;
    public long Deliveries, DeliveriesInWindow, Echoes, Duplicates, Unknown, OutOfOrder;
    public string? FirstError;

    public void SetWindow(long start, long end) => (_windowStart, _windowEnd) = (start, end);

    bool InWindow(long now) => now >= _windowStart && now < _windowEnd;

    /// <summary>
    /// Message i's send call began at <paramref name="leftAt"/>, <c>leftAt - due</c> after it was due: the time the
    /// bench's own scheduler and threads took to get to it. On a machine the clients share with the service this is
    /// the clients' starvation, and it is part of every latency counted from the due time.
    /// </summary>
    public void Left(int i, long leftAt)
    {
        if (i >= FirstMeasured) _leftLate[Interlocked.Increment(ref _leftLateCount) - 1] = leftAt - Scheduled[i];
    }

    /// <summary>A refusal of message i, answered <paramref name="now"/>, whose send call began at <paramref name="leftAt"/> (the client's lateness left out).</summary>
    public void RefusedAfterLeaving(int i, long leftAt, long now)
    {
        if (i >= FirstMeasured) _refusedRoundTrip[Interlocked.Increment(ref _refusedRoundTripCount) - 1] = now - leftAt;
    }

    public void Posted(int i, int status, long now)
    {
        if (status is >= 200 and < 300)
        {
            _posted[i] = true;
            Interlocked.Increment(ref PostedOk);
            if (InWindow(now)) Interlocked.Increment(ref PostedInWindow);
            if (i >= FirstMeasured) _postLatency[Interlocked.Increment(ref _postCount) - 1] = now - Scheduled[i];
            return;
        }
        lock (_statuses) _statuses[status] = _statuses.GetValueOrDefault(status) + 1;
        if (InWindow(now)) Interlocked.Increment(ref RefusedInWindow);
        // How quickly a refusal came back (a refusal is only useful when quick).
        if (i >= FirstMeasured) _refusedLatency[Interlocked.Increment(ref _refusedCount) - 1] = now - Scheduled[i];
    }

    /// <summary>Messages a device kept back while the service had asked it to wait (never sent, so neither accepted nor refused).</summary>
    public long HeldByClient;

    public void Failed(int i, Exception error)
    {
        if (error is TaskCanceledException { InnerException: TimeoutException }) Interlocked.Increment(ref Timeouts);
        else Interlocked.Increment(ref OtherErrors);
        Interlocked.CompareExchange(ref FirstError, $"message {i}: {error.GetType().Name}: {error.Message}", null);
    }

    public void Received(BenchUser device, UpdatePush push, long now)
    {
        if (push.Message is not { } message) return;
        if (!_index.TryGetValue(message.ClientMessageId, out var i))
        {
            Interlocked.Increment(ref Unknown);
            return;
        }
        // The sender's own devices get the push too (for its other devices); not a delivery.
        if (message.SenderId == device.Id)
        {
            Interlocked.Increment(ref _echoed[i]);
            Interlocked.Increment(ref Echoes);
            return;
        }
        Interlocked.CompareExchange(ref _sequence[i], message.Sequence, 0);
        Volatile.Write(ref _lastArrival[i], now);
        if (Interlocked.Increment(ref _delivered[i]) > LaneOf(i).Recipients.Count) Interlocked.Increment(ref Duplicates);
        Interlocked.Increment(ref Deliveries);
        if (InWindow(now)) Interlocked.Increment(ref DeliveriesInWindow);
        if (i >= FirstMeasured)
        {
            var slot = Interlocked.Increment(ref _pushCount) - 1;
            if (slot < _pushLatency.Length) _pushLatency[slot] = now - Scheduled[i];
            // Where the push's latency went: before the service's writer took the message (the client's lateness, the
            // network, the service's queues before the writer) and after (commit, push loop, socket, the client reading).
            var taken = _stopwatchAtStart + (long)((message.CreatedAt - _wallAtStart).TotalSeconds * Stopwatch.Frequency);
            if (slot < _untilTaken.Length)
            {
                _untilTaken[slot] = Math.Max(0, taken - Scheduled[i]);
                _afterTaken[slot] = Math.Max(0, now - taken);
            }
        }
    }

    public void OutOfOrderPush() => Interlocked.Increment(ref OutOfOrder);

    /// <summary>Deliveries still owed for messages whose POST succeeded.</summary>
    public long Missing()
    {
        long missing = 0;
        for (var i = 0; i < Total; i++)
            if (Volatile.Read(ref _posted[i])) missing += Math.Max(0, LaneOf(i).Recipients.Count - Volatile.Read(ref _delivered[i]));
        return missing;
    }

    /// <summary>Messages whose POST succeeded and which still owe a delivery.</summary>
    public IReadOnlyList<int> MissingMessages() => Enumerable.Range(0, Total)
        .Where(i => Volatile.Read(ref _posted[i]) && Volatile.Read(ref _delivered[i]) < LaneOf(i).Recipients.Count).ToList();

    /// <summary>Whether message i has reached all its recipients, and when the last delivery came (Stopwatch ticks).</summary>
    public (bool Complete, long At) Arrival(int i) =>
        (Volatile.Read(ref _delivered[i]) >= LaneOf(i).Recipients.Count, Volatile.Read(ref _lastArrival[i]));

    /// <summary>Messages answered 2xx whose push reached no device at all, not even the sender's own.</summary>
    public int NeverPushed() => Enumerable.Range(0, Total)
        .Count(i => Volatile.Read(ref _posted[i]) && Volatile.Read(ref _echoed[i]) == 0 && Volatile.Read(ref _delivered[i]) == 0);

    /// <summary>Two delivered messages of one chat with the same sequence number.</summary>
    public int SequenceClashes() => Enumerable.Range(0, Total)
        .Where(i => _sequence[i] != 0)
        .GroupBy(i => (LaneOf(i).ChatId, _sequence[i]))
        .Count(g => g.Count() > 1);

    public string Statuses()
    {
        lock (_statuses) return string.Join(", ", _statuses.OrderBy(s => s.Key).Select(s => $"{s.Value}×{s.Key}"));
    }

    public int Non2xx()
    {
        lock (_statuses) return _statuses.Values.Sum();
    }

    public Percentiles PushLatency() => Percentiles.Of(_pushLatency, Math.Min(_pushCount, _pushLatency.Length));

    public Percentiles PostLatency() => Percentiles.Of(_postLatency, _postCount);

    public Percentiles RefusedLatency() => Percentiles.Of(_refusedLatency, _refusedCount);

    public Percentiles RefusedRoundTrip() => Percentiles.Of(_refusedRoundTrip, _refusedRoundTripCount);

    public Percentiles LeftLate() => Percentiles.Of(_leftLate, _leftLateCount);

    /// <summary>Accepted pushes: due → taken by the service's writer, and taken → arrival (clamped at 0: two clocks).</summary>
    public (Percentiles UntilTaken, Percentiles AfterTaken) TakenSplit()
    {
        var count = Math.Min(_pushCount, _untilTaken.Length);
        return (Percentiles.Of(_untilTaken, count), Percentiles.Of(_afterTaken, count));
    }
}

/// <summary>Latency percentiles in milliseconds (nearest rank).</summary>
sealed record Percentiles(int Count, double P50, double P95, double P99, double Max)
{
    public static Percentiles Of(long[] ticks, int count)
    {
        if (count == 0) return new Percentiles(0, double.NaN, double.NaN, double.NaN, double.NaN);
        var sorted = ticks[..count];
        Array.Sort(sorted);
        double Ms(long t) => t * 1000.0 / Stopwatch.Frequency;
        double At(double q) => Ms(sorted[Math.Clamp((int)Math.Ceiling(q * count) - 1, 0, count - 1)]);
        return new Percentiles(count, At(0.50), At(0.95), At(0.99), Ms(sorted[^1]));
    }
}
