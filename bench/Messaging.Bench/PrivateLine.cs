using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;

namespace OpenChat.Chain.Messaging.Bench;

/// <summary>
/// The bench line of issue 18 (--private): a private chat next to a normal one in the same run. The service's side of a
/// private message is the same pipeline with a base64 MLS ciphertext instead of the text, so the service is loaded with
/// stand-in ciphertext of exactly the length a real ts-mls application message of the bench's text has; the device's
/// side (MLS encryption and decryption, in the browser) is measured by private/mls-cost.mjs over web/'s own ts-mls.
/// </summary>
static class PrivateLine
{
    public sealed record MlsCost(int Messages, int TextBytes, int CiphertextBase64, double EncryptMicros, double DecryptMicros, string Node);

    public static async Task<MlsCost> MeasureDeviceAsync(string repoRoot, string text, CancellationToken ct)
    {
        var script = Path.Combine(repoRoot, "bench", "Messaging.Bench", "private", "mls-cost.mjs");
        var start = new ProcessStartInfo("node") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { script, "200", text }) start.ArgumentList.Add(arg);
        using var node = Process.Start(start) ?? throw new InvalidOperationException("node did not start");
        var output = await node.StandardOutput.ReadToEndAsync(ct);
        var error = await node.StandardError.ReadToEndAsync(ct);
        await node.WaitForExitAsync(ct);
        if (node.ExitCode != 0) throw new InvalidOperationException($"mls-cost.mjs failed: {error}");
        return JsonSerializer.Deserialize<MlsCost>(output, new JsonSerializerOptions(JsonSerializerDefaults.Web))!;
    }

    /// <summary>Random bytes whose base64 is as long as the real ciphertext: the service never parses it, only stores and relays it.</summary>
    public static string StandIn(int base64Length) => Convert.ToBase64String(RandomNumberGenerator.GetBytes(base64Length / 4 * 3));

    public static void Print(RunResult plain, RunResult secret, MlsCost device)
    {
        static string F(double? v) => v is { } x && !double.IsNaN(x) ? x.ToString(x < 10 ? "0.00" : x < 100 ? "0.0" : "0", CultureInfo.InvariantCulture) : "-";
        static string R(double? a, double? b) => a is { } x && b is { } y && y > 0 && !double.IsNaN(x) ? (x / y).ToString("0.00", CultureInfo.InvariantCulture) + "×" : "-";
        Console.WriteLine();
        Console.WriteLine($"== Private chat (MLS ciphertext, {device.CiphertextBase64} base64 chars for a {device.TextBytes}-byte text) next to a plain one, same run, {plain.Transport}");
        Console.WriteLine("    chat        sent/s  delivered/s │ push p50   p99 ms │ POST p50   p99 ms │ server CPU µs/msg");
        foreach (var r in new[] { plain, secret })
            Console.WriteLine($"    {(r == plain ? "plain" : "private"),-9} {r.SentPerSecond,8:N0} {r.DeliveredPerSecond,12:N0} │ {F(r.Push.P50),8} {F(r.Push.P99),7} │ {F(r.Post.P50),8} {F(r.Post.P99),7} │ {F(r.CpuMicrosPerMessage),17}");
        Console.WriteLine($"    private/plain {R(secret.SentPerSecond, plain.SentPerSecond),6} {R(secret.DeliveredPerSecond, plain.DeliveredPerSecond),12} │" +
            $" {R(secret.Push.P50, plain.Push.P50),8} {R(secret.Push.P99, plain.Push.P99),7} │ {R(secret.Post.P50, plain.Post.P50),8} {R(secret.Post.P99, plain.Post.P99),7} │ {R(secret.CpuMicrosPerMessage, plain.CpuMicrosPerMessage),17}");
        Console.WriteLine($"    device (ts-mls in Node {device.Node}, {device.Messages} messages): encrypt {F(device.EncryptMicros / 1000)} ms, decrypt {F(device.DecryptMicros / 1000)} ms per message;" +
            $" send→shown p50 ≈ {F(secret.Push.P50 + (device.EncryptMicros + device.DecryptMicros) / 1000)} ms private vs {F(plain.Push.P50)} ms plain");
        Console.WriteLine($"  load average at the end: {LoadRun.LoadAverage()} (1, 5, 15 min)");
    }
}
