using System.Diagnostics;
using System.Globalization;

namespace OpenChat.Chain.Messaging.Bench;

/// <summary>
/// dotnet-counters (a global tool: <c>dotnet tool install -g dotnet-counters</c>) recording the service's System.Runtime
/// counters to a CSV file during the soak, and a summary of the GC's figures over the measured window: heap size per
/// generation, committed bytes and fragmentation after each collection next to the working set, so the RSS band can be
/// split into what the GC holds and what it does not (native memory: SQLite's page cache, pooled buffers, code).
/// </summary>
sealed class GcCounters : IDisposable
{
    readonly Process _process;
    readonly string _csv;
    readonly DateTime _started = DateTime.Now;

    GcCounters(Process process, string csv) => (_process, _csv) = (process, csv);

    public static GcCounters? Start(int pid, string csv)
    {
        var tool = new[] { Environment.GetEnvironmentVariable("DOTNET_COUNTERS"), Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".dotnet", "tools", "dotnet-counters") }
            .FirstOrDefault(File.Exists);
        if (tool is null)
        {
            Console.WriteLine("    --gc-counters: dotnet-counters not found (dotnet tool install -g dotnet-counters, or DOTNET_COUNTERS=<path>)");
            return null;
        }
        var start = new ProcessStartInfo(tool) { RedirectStandardOutput = true, RedirectStandardInput = true, UseShellExecute = false };
        foreach (var arg in new[] { "collect", "-p", pid.ToString(CultureInfo.InvariantCulture), "--counters", "System.Runtime", "--refresh-interval", "5", "--format", "csv", "-o", csv })
            start.ArgumentList.Add(arg);
        var process = Process.Start(start)!;
        _ = process.StandardOutput.ReadToEndAsync();
        return new GcCounters(process, csv);
    }

    public void Stop()
    {
        if (_process.HasExited) return;
        // dotnet-counters stops on a key press ('q') or Ctrl+C and then closes its file.
        _process.StandardInput.Write('q');
        _process.StandardInput.Flush();
        if (!_process.WaitForExit(10_000)) _process.Kill();
    }

    /// <summary>Lowest and highest value of each GC or memory counter between <paramref name="from"/> and <paramref name="to"/> after the start.</summary>
    public string Summary(TimeSpan from, TimeSpan to)
    {
        if (!File.Exists(_csv)) return $"    GC counters: no file {_csv}";
        var rows = new Dictionary<string, List<double>>();
        foreach (var line in File.ReadLines(_csv).Skip(1))
        {
            // Timestamp,Provider,Counter Name,Counter Type,Mean/Increment; the name may hold commas in its tags, so split from both ends.
            var first = line.Split(',', 3);
            var last = line.LastIndexOf(',');
            var typeAt = line.LastIndexOf(',', last - 1);
            if (first.Length < 3 || typeAt < 0) continue;
            var name = line[(first[0].Length + first[1].Length + 2)..typeAt];
            if (!name.Contains("gc", StringComparison.OrdinalIgnoreCase) && !name.Contains("memory", StringComparison.OrdinalIgnoreCase)
                && !name.Contains("working", StringComparison.OrdinalIgnoreCase)) continue;
            if (DateTime.TryParse(first[0], CultureInfo.InvariantCulture, out var at) && (at - _started < from || at - _started > to)) continue;
            if (!double.TryParse(line[(last + 1)..], CultureInfo.InvariantCulture, out var value)) continue;
            (rows.TryGetValue(name, out var values) ? values : rows[name] = []).Add(value);
        }
        // Sizes are in bytes ("(By)", or "(By / 5 sec)" for the allocation rate): shown in MB.
        static string Show(string name, double v) => name.Contains("(By", StringComparison.Ordinal)
            ? (v / 1048576).ToString("N1", CultureInfo.InvariantCulture) + " MB"
            : v.ToString("N3", CultureInfo.InvariantCulture);
        return "    GC counters over the measured window (lowest – highest; dotnet-counters, System.Runtime, every 5 s):\n" + string.Join('\n',
            rows.OrderBy(r => r.Key, StringComparer.Ordinal).Select(r => $"      {r.Key}: {Show(r.Key, r.Value.Min())} – {Show(r.Key, r.Value.Max())} (mean {Show(r.Key, r.Value.Average())})"));
    }

    public void Dispose()
    {
        Stop();
        _process.Dispose();
    }
}
