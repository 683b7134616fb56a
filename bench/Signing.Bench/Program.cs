using System.Diagnostics;
using System.Numerics;
using System.Reflection;
using System.Text.Json.Nodes;
using NBitcoin.Secp256k1;
using Nethereum.Hex.HexConvertors.Extensions;
using Nethereum.Model;
using Nethereum.Signer;
using OpenChat.Chain.Wallet.Keys;

// Signing benchmark: EIP-1559 ChatCoin transfer, sign + encode, single thread. Ours (HdWallet → native libsecp256k1)
// against Nethereum's default signer (BouncyCastle) and ethers.js v6 on node, all measured in this one run.

const long ChainId = 31337;
const int Rounds = 5;
const double RoundSeconds = 1.0;
const double WarmupSeconds = 1.0;
const int CheckCount = 64;
const double Aim = 5.0;

// anvil's well-known test mnemonic, account 0: a public key, never a real one.
using var wallet = HdWallet.FromMnemonic("test test test test test test test test test test test junk");
var keyHex = wallet.ExportPrivateKey(0);
var to = "0x5FbDB2315678afecb367f032d93F642f64180aa3"; // ChatCoin's address on a fresh anvil
// transfer(address,uint256): selector ‖ recipient ‖ amount = 4 + 32 + 32 = 68 bytes.
var data = "0xa9059cbb"
    + "00000000000000000000000070997970c51812dc3a010c7d01b50e0d17dc79c8"
    + new BigInteger(1_500_000_000_000_000_000).ToString("x").PadLeft(64, '0');
if (data.HexToByteArray().Length != 68) throw new InvalidOperationException("calldata is not 68 bytes");
BigInteger maxFee = 30_000_000_000, tip = 1_500_000_000, gas = 65_000;

// Random-ish nonces (seeded, so every signer signs the same sequence).
var random = new Random(20261125);
var nonces = Enumerable.Range(0, 1024).Select(_ => (long)random.Next(0, 1 << 30)).ToArray();

Transaction1559 Tx(long nonce) => new(ChainId, nonce, tip, maxFee, gas, to, 0, data, []);

// Nethereum's default: BouncyCastle. The switch is process-wide; HdWallet never reads it.
EthECKey.SignRecoverable = false;
var nethereumKey = new EthECKey(keyHex);
var nethereumSigner = new Transaction1559Signer();

var oursIndex = 0;
var nethereumIndex = 0;
byte[] Ours() => wallet.SignTransaction(0, Tx(nonces[oursIndex++ & 1023]));
string Nethereum() => nethereumSigner.SignTransaction(nethereumKey, Tx(nonces[nethereumIndex++ & 1023]));

Console.WriteLine($"EIP-1559 transfer sign+encode, chain {ChainId}, 68-byte calldata, single thread; median of {Rounds} rounds × ≥{RoundSeconds:0.#} s after {WarmupSeconds:0.#} s warm-up");
Console.WriteLine($"machine: {Environment.ProcessorCount} logical CPUs, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}, .NET {Environment.Version}");

// ethers.js first, as a child process (nothing else of ours runs meanwhile).
var ethers = await RunEthers();

// Ours and Nethereum's, interleaved round by round so drift hits both alike.
Measure(() => Ours(), WarmupSeconds);
Measure(() => Nethereum(), WarmupSeconds);
var oursRounds = new List<double>();
var nethereumRounds = new List<double>();
for (var r = 0; r < Rounds; r++)
{
    oursRounds.Add(Measure(() => Ours(), RoundSeconds));
    nethereumRounds.Add(Measure(() => Nethereum(), RoundSeconds));
}

// Where ours spends its time: the secp256k1 signature of a digest alone, and the transaction work around it
// (build, RLP, keccak for the hash; SetSignature, RLP again for the raw bytes), with no signature.
using var rawKey = ECPrivKey.Create(keyHex.HexToByteArray());
var digest = Tx(nonces[0]).RawHash;
var dummySignature = new Signature { R = digest, S = digest, V = [1] };
var encodeIndex = 0;
byte[] EncodeOnly()
{
    var tx = Tx(nonces[encodeIndex++ & 1023]);
    _ = tx.RawHash;
    tx.SetSignature(dummySignature);
    return tx.GetRLPEncoded();
}
Measure(() => FastSecp256k1Signer.SignDigest(rawKey, digest), WarmupSeconds / 2);
Measure(EncodeOnly, WarmupSeconds / 2);
var signOnly = Median(Enumerable.Range(0, 3).Select(_ => Measure(() => FastSecp256k1Signer.SignDigest(rawKey, digest), RoundSeconds)));
var encodeOnly = Median(Enumerable.Range(0, 3).Select(_ => Measure(EncodeOnly, RoundSeconds)));

// Correctness: the same transactions through all three give the same raw bytes (RFC 6979, low s).
var mismatches = 0;
for (var i = 0; i < CheckCount; i++)
{
    var ours = wallet.SignTransaction(0, Tx(nonces[i])).ToHex(prefix: true);
    var theirs = nethereumSigner.SignTransaction(nethereumKey, Tx(nonces[i])).EnsureHexPrefix();
    if (ours != theirs || ours != ethers.Check[i]) mismatches++;
}
var identical = mismatches == 0 && ethers.Check.Length == CheckCount;

double oursMedian = Median(oursRounds), nethereumMedian = Median(nethereumRounds), ethersMedian = Median(ethers.Rounds);
Console.WriteLine();
Console.WriteLine($"identical: {(identical ? "yes" : "no")} (first {CheckCount} txs: ours vs Nethereum vs ethers raw bytes{(mismatches > 0 ? $", {mismatches} differ" : "")})");
Console.WriteLine();
Console.WriteLine($"{"signer",-44} {"tx/s (median)",14}   rounds");
Row("ours (HdWallet, libsecp256k1 native)", oursMedian, oursRounds);
Row("Nethereum 6.1 Transaction1559Signer (BC)", nethereumMedian, nethereumRounds);
Row($"ethers {ethers.Version} on node {ethers.Node}", ethersMedian, ethers.Rounds);
Console.WriteLine();
var vsEthers = oursMedian / ethersMedian;
Console.WriteLine($"ours / ethers:    {vsEthers,6:0.00}×");
Console.WriteLine($"ours / Nethereum: {oursMedian / nethereumMedian,6:0.00}×");
Console.WriteLine();
Console.WriteLine($"breakdown of ours (median of 3 × ≥{RoundSeconds:0.#} s): secp256k1 sign of a digest {signOnly:N0}/s = {1e6 / signOnly:0.0} µs; "
    + $"tx build+RLP+keccak+encode without signing {encodeOnly:N0}/s = {1e6 / encodeOnly:0.0} µs; whole {1e6 / oursMedian:0.0} µs");
Console.WriteLine($"aim ≥ {Aim:0}× ethers: {(vsEthers >= Aim ? "✓" : "✗")}");
return identical ? 0 : 1;

static void Row(string name, double median, IEnumerable<double> rounds) =>
    Console.WriteLine($"{name,-44} {median,14:N0}   [{string.Join(", ", rounds.Select(r => r.ToString("N0")))}]");

static double Median(IEnumerable<double> values)
{
    var sorted = values.Order().ToArray();
    var mid = sorted.Length / 2;
    return sorted.Length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

// Operations per second over at least `seconds`, checking the clock every 64 operations.
static double Measure<T>(Func<T> operation, double seconds)
{
    var sink = 0;
    var limit = (long)(seconds * Stopwatch.Frequency);
    var count = 0L;
    var start = Stopwatch.GetTimestamp();
    long elapsed;
    do
    {
        for (var k = 0; k < 64; k++)
            if (operation() is null) sink++;
        count += 64;
        elapsed = Stopwatch.GetTimestamp() - start;
    } while (elapsed < limit);
    GC.KeepAlive(sink);
    return count * (double)Stopwatch.Frequency / elapsed;
}

async Task<EthersResult> RunEthers()
{
    var dir = typeof(Program).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "EthersDir").Value!;
    if (!Directory.Exists(Path.Combine(dir, "node_modules", "ethers")))
    {
        Console.WriteLine("ethers: node_modules missing, running npm ci …");
        await Run("npm", ["ci", "--no-audit", "--no-fund"], dir, stdin: null);
    }
    var spec = new JsonObject
    {
        ["key"] = keyHex,
        ["chainId"] = ChainId,
        ["to"] = to,
        ["data"] = data,
        ["maxFeePerGas"] = maxFee.ToString(),
        ["maxPriorityFeePerGas"] = tip.ToString(),
        ["gasLimit"] = gas.ToString(),
        ["nonces"] = new JsonArray(nonces.Select(n => (JsonNode)n).ToArray()),
        ["checkCount"] = CheckCount,
        ["rounds"] = Rounds,
        ["roundSeconds"] = RoundSeconds,
        ["warmupSeconds"] = WarmupSeconds,
    };
    var output = await Run("node", ["sign.mjs"], dir, spec.ToJsonString());
    var result = JsonNode.Parse(output.Trim().Split('\n')[^1])!;
    return new EthersResult(
        result["ethers"]!.GetValue<string>(),
        result["node"]!.GetValue<string>(),
        result["check"]!.AsArray().Select(c => c!.GetValue<string>()).ToArray(),
        result["rounds"]!.AsArray().Select(r => r!.GetValue<double>()).ToArray());
}

static async Task<string> Run(string file, string[] args, string dir, string? stdin)
{
    var info = new ProcessStartInfo(file) { WorkingDirectory = dir, RedirectStandardOutput = true, RedirectStandardInput = stdin is not null, UseShellExecute = false };
    foreach (var arg in args) info.ArgumentList.Add(arg);
    using var process = Process.Start(info) ?? throw new InvalidOperationException($"could not start {file}");
    if (stdin is not null)
    {
        await process.StandardInput.WriteAsync(stdin);
        process.StandardInput.Close();
    }
    var output = await process.StandardOutput.ReadToEndAsync();
    await process.WaitForExitAsync();
    if (process.ExitCode != 0) throw new InvalidOperationException($"{file} {string.Join(' ', args)} exited with {process.ExitCode}");
    return output;
}

sealed record EthersResult(string Version, string Node, string[] Check, double[] Rounds);
