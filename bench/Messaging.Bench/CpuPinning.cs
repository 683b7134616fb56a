using System.Diagnostics;

namespace OpenChat.Chain.Messaging.Bench;

/// <summary>
/// The service on some CPUs and this bench (its 200 clients) on the others. On one shared machine a load generator
/// that is offered twice the service's rate starves the service it measures; split, an overload shows what the
/// service does with more than it can take, not what two processes fighting for two cores do.
/// </summary>
static class CpuPinning
{
    public static string Split(int servicePid, string serviceCpus)
    {
        var all = Enumerable.Range(0, Environment.ProcessorCount).ToList();
        var service = serviceCpus.Split(',').SelectMany(Range).ToHashSet();
        var bench = all.Where(c => !service.Contains(c)).ToList();
        if (bench.Count == 0) throw new ArgumentException($"--service-cpus {serviceCpus} leaves no CPU for the bench");
        // -a: every thread the processes have now; threads they start later inherit their creator's CPUs.
        Taskset(servicePid, serviceCpus);
        foreach (var child in Children(servicePid)) Taskset(child, serviceCpus);
        Taskset(Environment.ProcessId, string.Join(',', bench));
        return $"CPUs: service (pid {servicePid}) and its children on {serviceCpus}, bench on {string.Join(',', bench)}";
    }

    static IEnumerable<int> Range(string part) =>
        part.Split('-') is [var a, var b] ? Enumerable.Range(int.Parse(a), int.Parse(b) - int.Parse(a) + 1) : [int.Parse(part)];

    static IEnumerable<int> Children(int pid) =>
        File.Exists($"/proc/{pid}/task/{pid}/children")
            ? File.ReadAllText($"/proc/{pid}/task/{pid}/children").Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(int.Parse)
            : [];

    static void Taskset(int pid, string cpus)
    {
        using var taskset = Process.Start(new ProcessStartInfo("taskset", ["-a", "-p", "-c", cpus, pid.ToString()]) { RedirectStandardOutput = true })
            ?? throw new InvalidOperationException("taskset did not start");
        taskset.WaitForExit();
        if (taskset.ExitCode != 0) throw new InvalidOperationException($"taskset -c {cpus} of pid {pid} failed ({taskset.ExitCode})");
    }
}
