using System.Diagnostics;

namespace OpenChat.Chain.Bench.Support;

/// <summary>CPU over one phase, in % of one core (200% = both cores of this machine): the service, the bench, and the rest.</summary>
public sealed record CpuShare(double Service, double Bench, double? Others)
{
    public override string ToString() =>
        $"service {Service:N0}%, bench {Bench:N0}%, others {(Others is { } o ? $"{o:N0}%" : "-")} (anvil is among the others)";
}

/// <summary>Started at the beginning of a phase, read at its end.</summary>
public sealed class CpuMeter
{
    readonly Func<TimeSpan> _service;
    readonly TimeSpan _service0, _bench0;
    readonly TimeSpan? _machine0;
    readonly long _at0 = Stopwatch.GetTimestamp();

    public CpuMeter(Func<TimeSpan> service)
    {
        _service = service;
        (_service0, _bench0, _machine0) = (service(), Process.GetCurrentProcess().TotalProcessorTime, MachineBusy());
    }

    public CpuShare Read()
    {
        var wall = Stopwatch.GetElapsedTime(_at0);
        var service = _service() - _service0;
        var bench = Process.GetCurrentProcess().TotalProcessorTime - _bench0;
        var others = MachineBusy() - _machine0 - service - bench;
        double Percent(TimeSpan busy) => busy / wall * 100;
        return new CpuShare(Percent(service), Percent(bench), others is { } o ? Math.Max(0, Percent(o)) : null);
    }

    /// <summary>Busy time of all CPUs since boot, from /proc/stat (everything but idle and iowait); null off Linux.</summary>
    static TimeSpan? MachineBusy()
    {
        if (!File.Exists("/proc/stat")) return null;
        var fields = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var ticks = fields.Skip(1).Take(8).Select(long.Parse).ToArray();
        // USER_HZ is 100 on Linux.
        return TimeSpan.FromSeconds((ticks.Sum() - ticks[3] - ticks[4]) / 100.0);
    }
}

/// <summary>Nearest-rank quantiles of a sample.</summary>
public static class Quantiles
{
    public static double Of(IReadOnlyCollection<double> values, double q)
    {
        if (values.Count == 0) return double.NaN;
        var sorted = values.Order().ToArray();
        return sorted[Math.Clamp((int)Math.Ceiling(q * sorted.Length) - 1, 0, sorted.Length - 1)];
    }
}

/// <summary>The machine's 1, 5 and 15 minute load averages (/proc/loadavg), or "-" off Linux.</summary>
public static class LoadAverage
{
    public static string Read() => File.Exists("/proc/loadavg")
        ? string.Join(" ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3))
        : "-";
}
