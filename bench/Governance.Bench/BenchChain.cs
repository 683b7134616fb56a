using System.Collections.Concurrent;
using System.Numerics;
using System.Text.Json;
using Nethereum.ABI.FunctionEncoding.Attributes;
using Nethereum.Contracts;
using Nethereum.Hex.HexConvertors.Extensions;
using Nethereum.JsonRpc.Client;
using Nethereum.RPC.Eth.DTOs;
using Nethereum.Signer;
using Nethereum.Web3;

namespace OpenChat.Chain.Governance.Bench;

/// <summary>
/// The bench's own line to the service's anvil: funding from dev accounts, raw transactions signed here and sent
/// without waiting (explicit nonces, so a burst needs no round trip per transaction), the clock warp, and the
/// governor's own books (proposalVotes, hasVoted) as the truth the API's mirror is timed against.
/// </summary>
sealed class BenchChain
{
    public const long ChainId = 31337;
    public static readonly BigInteger Coin = BigInteger.Pow(10, 18);

    // anvil's dev accounts 0 and 1 (mnemonic "test test … junk"). Account 0 deployed the contracts and holds the treasury.
    public static readonly EthECKey Deployer = new("0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80");
    public static readonly EthECKey EthSource = new("0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d");

    readonly Web3 _web3;
    readonly Contract _governor;
    readonly Contract _coin;
    readonly ConcurrentDictionary<string, BigInteger> _nonces = new(StringComparer.OrdinalIgnoreCase);
    BigInteger _gasPrice;

    public BenchChain(Uri rpcUrl, string governor, string coin, string timelock, string artifacts)
    {
        _web3 = new Web3(rpcUrl.ToString());
        Governor = governor;
        ChatCoin = coin;
        Timelock = timelock;
        _governor = _web3.Eth.GetContract(Abi(artifacts, "ChatGovernor"), governor);
        _coin = _web3.Eth.GetContract(Abi(artifacts, "ChatCoin"), coin);
    }

    public string Governor { get; }
    public string ChatCoin { get; }
    public string Timelock { get; }

    /// <summary>The ABI forge wrote (contracts/out), so the bench encodes exactly what the deployed contracts expose.</summary>
    static string Abi(string artifacts, string contract)
    {
        using var artifact = JsonDocument.Parse(File.ReadAllText(Path.Combine(artifacts, $"{contract}.sol", $"{contract}.json")));
        return artifact.RootElement.GetProperty("abi").GetRawText();
    }

    /// <summary>A legacy gas price well above anvil's base fee, fixed for the run so every transaction is equally attractive.</summary>
    public async Task InitAsync()
    {
        var price = (await _web3.Eth.GasPrice.SendRequestAsync()).Value;
        _gasPrice = BigInteger.Max(price * 4, 4_000_000_000);
    }

    public string TransferCall(string to, BigInteger units) => _coin.GetFunction("transfer").GetData(to, units);
    public string DelegateCall(string to) => _coin.GetFunction("delegate").GetData(to);
    public string CastVoteCall(BigInteger proposalId, byte support) => _governor.GetFunction("castVote").GetData(proposalId, support);

    /// <summary>A signal proposal sent straight to the governor: the timelock calls itself with no data.</summary>
    public string ProposeCall(string description) =>
        _governor.GetFunction("propose").GetData(new[] { Timelock }, new[] { BigInteger.Zero }, new[] { Array.Empty<byte>() }, description);

    public Task<BigInteger> ProposalIdAsync(string description) =>
        _governor.GetFunction("hashProposal").CallAsync<BigInteger>(new[] { Timelock }, new[] { BigInteger.Zero }, new[] { Array.Empty<byte>() },
            Nethereum.Util.Sha3Keccack.Current.CalculateHash(System.Text.Encoding.UTF8.GetBytes(description)));

    /// <summary>Signs a transaction from <paramref name="key"/> with the next nonce this bench gave that account.</summary>
    public async Task<SignedTx> SignAsync(EthECKey key, string to, BigInteger wei, string? data, long gas)
    {
        var from = key.GetPublicAddress();
        if (!_nonces.ContainsKey(from))
            _nonces.TryAdd(from, (await _web3.Eth.Transactions.GetTransactionCount.SendRequestAsync(from, BlockParameter.CreatePending())).Value);
        var nonce = _nonces.AddOrUpdate(from, _ => throw new InvalidOperationException(), (_, n) => n + 1) - 1;
        var raw = new LegacyTransactionSigner().SignTransaction(key.GetPrivateKeyAsBytes(), ChainId, to, wei, nonce, _gasPrice, gas, data ?? "");
        var hex = raw.StartsWith("0x", StringComparison.Ordinal) ? raw : "0x" + raw;
        return new SignedTx(from, hex, Nethereum.Util.Sha3Keccack.Current.CalculateHashFromHex(hex));
    }

    public async Task SendAsync(SignedTx tx) => await _web3.Eth.Transactions.SendRawTransaction.SendRequestAsync(tx.Raw);

    /// <summary>Sends in nonce order, one after the other, without waiting for any to be mined.</summary>
    public async Task SendInOrderAsync(IEnumerable<SignedTx> txs)
    {
        foreach (var tx in txs) await SendAsync(tx);
    }

    /// <summary>Waits until every transaction has a receipt; a reverted one stops the run.</summary>
    public async Task<IReadOnlyList<TransactionReceipt>> ReceiptsAsync(IReadOnlyCollection<string> hashes, TimeSpan limit, CancellationToken ct)
    {
        var found = new ConcurrentDictionary<string, TransactionReceipt>();
        var deadline = DateTime.UtcNow + limit;
        while (found.Count < hashes.Count)
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"{hashes.Count - found.Count} of {hashes.Count} transactions not mined within {limit.TotalSeconds:N0} s");
            await Parallel.ForEachAsync(hashes.Where(h => !found.ContainsKey(h)), new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = ct },
                async (hash, _) =>
                {
                    if (await _web3.Eth.Transactions.GetTransactionReceipt.SendRequestAsync(hash) is { } receipt) found[hash] = receipt;
                });
            if (found.Count < hashes.Count) await Task.Delay(250, ct);
        }
        if (found.Values.FirstOrDefault(r => r.Status.Value != 1) is { } failed)
            throw new InvalidOperationException($"transaction {failed.TransactionHash} from {failed.From} to {failed.To} reverted (gas used {failed.GasUsed.Value})");
        return hashes.Select(h => found[h]).ToList();
    }

    /// <summary>The calldata part of a transaction's intrinsic gas (EIP-2028: 16 per non-zero byte, 4 per zero byte).</summary>
    public async Task<long> CalldataGasAsync(string hash)
    {
        var input = (await _web3.Eth.Transactions.GetTransactionByHash.SendRequestAsync(hash)).Input.HexToByteArray();
        return input.Sum(b => b == 0 ? 4L : 16L);
    }

    public async Task<ProposalTally> TallyAsync(BigInteger proposalId) =>
        await _governor.GetFunction("proposalVotes").CallDeserializingToObjectAsync<ProposalTally>(proposalId);

    public Task<bool> HasVotedAsync(BigInteger proposalId, string voter) => _governor.GetFunction("hasVoted").CallAsync<bool>(proposalId, voter);

    /// <summary>The governor's ProposalState as a number (0 Pending, 1 Active, …).</summary>
    public Task<byte> StateAsync(BigInteger proposalId) => _governor.GetFunction("state").CallAsync<byte>(proposalId);

    public Task<BigInteger> SnapshotAsync(BigInteger proposalId) => _governor.GetFunction("proposalSnapshot").CallAsync<BigInteger>(proposalId);

    /// <summary>Moves the chain's clock forward and mines a block at the new time (anvil's cheat RPCs).</summary>
    public async Task WarpAsync(long seconds)
    {
        await _web3.Client.SendRequestAsync<object>(new RpcRequest(Guid.NewGuid().ToString(), "evm_increaseTime", seconds));
        await _web3.Client.SendRequestAsync<object>(new RpcRequest(Guid.NewGuid().ToString(), "evm_mine"));
    }

    public static long GasOf(TransactionReceipt receipt) => (long)receipt.GasUsed.Value;
}

sealed record SignedTx(string From, string Raw, string Hash);

[FunctionOutput]
sealed class ProposalTally : IFunctionOutputDTO
{
    [Parameter("uint256", "againstVotes", 1)] public BigInteger Against { get; set; }
    [Parameter("uint256", "forVotes", 2)] public BigInteger For { get; set; }
    [Parameter("uint256", "abstainVotes", 3)] public BigInteger Abstain { get; set; }
}
