using System.Globalization;
using System.Text.Json;

namespace OpenChat.Chain.Tests.Support;

/// <summary>contracts/snapshots/&lt;file&gt;.json, as `FORGE_SNAPSHOT_CHECK=true forge test --isolate` checks them in CI.</summary>
public static class ForgeSnapshots
{
    /// <summary>Gas forge measured for <paramref name="key"/> (the call's own gas, without the transaction's 21,000).</summary>
    public static double Gas(string file, string key)
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !Directory.Exists(Path.Combine(directory.FullName, "contracts", "snapshots"))) directory = directory.Parent;
        var path = Path.Combine(directory?.FullName ?? throw new InvalidOperationException("contracts/snapshots not found above the test output"),
            "contracts", "snapshots", file + ".json");
        using var json = JsonDocument.Parse(File.ReadAllText(path));
        return double.Parse(json.RootElement.GetProperty(key).GetString()!, CultureInfo.InvariantCulture);
    }
}
