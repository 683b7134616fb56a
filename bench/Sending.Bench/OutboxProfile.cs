using System.Diagnostics;
using System.Globalization;
using Microsoft.Data.Sqlite;

namespace OpenChat.Chain.Sending.Bench;

/// <summary>
/// Where a transfer's time went, from the outbox's own timestamps (read from the service's SQLite file after the run,
/// read-only) and the moment the bench saw each block: queued (requested → signed), waiting to be sent (signed →
/// broadcast), on chain (broadcast → block seen), and until the service noticed the receipt (block seen → completed).
/// </summary>
sealed record OutboxProfile(
    int Rows, IReadOnlyList<double> QueuedMs, IReadOnlyList<double> SendMs, IReadOnlyList<double> ChainMs, IReadOnlyList<double> ReceiptMs,
    int SigningPasses, double SignedPerPass, int MaxPerPass, int BroadcastRounds, double FirstSignedAfterMs, IReadOnlyList<(long Block, int Ours)> PerBlock)
{
    /// <param name="since">Only the transfers requested from then on (UTC): one round of the bench's.</param>
    public static OutboxProfile Read(string dataDirectory, DateTime benchUtc0, long benchTimestamp0, IReadOnlyDictionary<long, long> blockSeenAt,
        DateTime since)
    {
        var file = Path.Combine(dataDirectory, "openchat.db");
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = file, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT RequestedAt, SignedAt, BroadcastAt, CompletedAt, BlockNumber FROM OutgoingTransfers WHERE Kind = 'Transfer'";
        var rows = new List<(DateTime Requested, DateTime? Signed, DateTime? Broadcast, DateTime? Completed, long? Block)>();
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
                if (Utc(reader.GetString(0)) >= since)
                    rows.Add((Utc(reader.GetString(0)), reader.IsDBNull(1) ? null : Utc(reader.GetString(1)), reader.IsDBNull(2) ? null : Utc(reader.GetString(2)),
                        reader.IsDBNull(3) ? null : Utc(reader.GetString(3)), reader.IsDBNull(4) ? null : reader.GetInt64(4)));
        }
        DateTime? SeenUtc(long? block) => block is { } b && blockSeenAt.TryGetValue(b, out var ts)
            ? benchUtc0 + Stopwatch.GetElapsedTime(benchTimestamp0, ts)
            : null;
        static double Ms(DateTime? from, DateTime? to) => from is { } f && to is { } t ? (t - f).TotalMilliseconds : double.NaN;
        static List<double> Valid(IEnumerable<double> values) => values.Where(v => !double.IsNaN(v)).ToList();

        var passes = rows.Where(r => r.Signed is not null).GroupBy(r => r.Signed!.Value).Select(g => g.Count()).ToList();
        var firstRequested = rows.Count == 0 ? DateTime.MinValue : rows.Min(r => r.Requested);
        var firstSigned = rows.Where(r => r.Signed is not null).Select(r => r.Signed!.Value).DefaultIfEmpty(firstRequested).Min();
        // Broadcast stamps of one pass fall within a few ms of each other: count rounds as gaps of over 50 ms.
        var broadcasts = rows.Where(r => r.Broadcast is not null).Select(r => r.Broadcast!.Value).Order().ToList();
        var rounds = broadcasts.Count == 0 ? 0 : 1 + broadcasts.Zip(broadcasts.Skip(1)).Count(p => (p.Second - p.First).TotalMilliseconds > 50);
        return new OutboxProfile(rows.Count,
            Valid(rows.Select(r => Ms(r.Requested, r.Signed))),
            Valid(rows.Select(r => Ms(r.Signed, r.Broadcast))),
            Valid(rows.Select(r => Ms(r.Broadcast, SeenUtc(r.Block)))),
            Valid(rows.Select(r => Ms(SeenUtc(r.Block), r.Completed))),
            passes.Count, passes.Count == 0 ? 0 : passes.Average(), passes.DefaultIfEmpty(0).Max(), rounds,
            (firstSigned - firstRequested).TotalMilliseconds,
            rows.Where(r => r.Block is not null).GroupBy(r => r.Block!.Value).OrderBy(g => g.Key).Select(g => (g.Key, g.Count())).ToList());
    }

    // EF Core keeps DateTime in SQLite as text, "yyyy-MM-dd HH:mm:ss.FFFFFFF"; the outbox writes UTC.
    static DateTime Utc(string text) =>
        DateTime.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);
}
