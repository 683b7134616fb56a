using System.Globalization;
using System.Numerics;
using System.Text.Json;
using Nethereum.Hex.HexConvertors.Extensions;
using Nethereum.Model;
using Nethereum.Util;
using OpenChat.Chain.Wallet.Keys;

namespace OpenChat.Chain.Circles.Bench;

/// <summary>
/// Transactions the bench sends itself from anvil's dev accounts: funding the members (plain ChatCoin transfers, whose
/// receipts are the gas baseline) and one direct, unrelayed <c>pay</c> for the gas comparison.
/// </summary>
static class Chain
{
    const string DevMnemonic = "test test test test test test test test test test test junk";

    public static string Selector(string signature) => "0x" + Sha3Keccack.Current.CalculateHash(signature)[..8];

    public static string Word(BigInteger value) => value.ToString("x64", CultureInfo.InvariantCulture)[^64..];

    public static string Word(string address) => address[2..].ToLowerInvariant().PadLeft(64, '0');

    /// <summary>Sends each call from dev account <paramref name="account"/> with consecutive nonces; waits for every receipt.</summary>
    public static async Task<List<JsonElement>> SendAsync(Rpc rpc, ChainFacts chain, int account, IReadOnlyList<(string To, string Data)> calls,
        CancellationToken ct)
    {
        using var dev = HdWallet.FromMnemonic(DevMnemonic);
        var nonce = await rpc.PendingNonceAsync(dev.AddressOf(account), ct);
        var hashes = new List<string>();
        foreach (var (to, data) in calls)
        {
            var raw = dev.SignTransaction(account, new Transaction1559(chain.ChainId, nonce++, 1_000_000_000, 100_000_000_000, 400_000, to, 0, data, []));
            hashes.Add(await rpc.SendRawAsync(raw.ToHex(true), ct));
        }
        var receipts = new List<JsonElement>();
        foreach (var hash in hashes)
        {
            for (var waited = 0; ; waited++)
            {
                if (await rpc.ReceiptAsync(hash, ct) is { } receipt)
                {
                    if (Rpc.Quantity(receipt.GetProperty("status")) != 1) throw new InvalidOperationException($"{hash} reverted");
                    receipts.Add(receipt);
                    break;
                }
                if (waited == 300) throw new TimeoutException($"{hash} not mined in 30 s");
                await Task.Delay(100, ct);
            }
        }
        return receipts;
    }

    public static string DevAddress(int account)
    {
        using var dev = HdWallet.FromMnemonic(DevMnemonic);
        return dev.AddressOf(account);
    }

    public static (string To, string Data) Transfer(ChainFacts chain, string to, BigInteger units) =>
        (chain.ChatCoin, Selector("transfer(address,uint256)") + Word(to) + Word(units));

    public static (string To, string Data) Approve(ChainFacts chain, string spender, BigInteger units) =>
        (chain.ChatCoin, Selector("approve(address,uint256)") + Word(spender) + Word(units));

    public static (string To, string Data) Pay(string circleAccess, BigInteger circleId, long periods, BigInteger price) =>
        (circleAccess, Selector("pay(uint256,uint64,uint96)") + Word(circleId) + Word(periods) + Word(price));

    public static long Gas(JsonElement receipt) => (long)Rpc.Quantity(receipt.GetProperty("gasUsed"));
}
