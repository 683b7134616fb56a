using System.Numerics;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Nethereum.ABI.FunctionEncoding;
using Nethereum.ABI.Model;
using Nethereum.Contracts;
using Nethereum.Hex.HexConvertors.Extensions;
using Nethereum.Hex.HexTypes;
using Nethereum.RPC.Eth.DTOs;
using OpenChat.Chain.Wallet.Chain;
using OpenChat.Chain.Wallet.Contracts;
using OpenChat.Chain.Wallet.Sending;

namespace OpenChat.Chain.Wallet.Indexer;

/// <summary>
/// Follows the ChatCoin (transfers and tips), RedEnvelope and Governor logs into <see cref="ChainEvent"/> rows, block ranges at a
/// time, up to the head minus the confirmation depth. Before each step it checks that the checkpoint block is still
/// on the chain; after a reorg it goes back to the last stored block the chain still has, deletes what lies above it,
/// and indexes again from there.
/// </summary>
public sealed partial class ChainIndexer(
    IServiceScopeFactory scopes,
    ChainStatus chain,
    DutyLeases leases,
    IOptions<IndexerOptions> options,
    ILogger<ChainIndexer> logger) : ChainLoop(chain, leases, logger)
{
    protected override TimeSpan Interval => TimeSpan.FromMilliseconds(options.Value.PollMilliseconds);

    // Catch up in bounded steps before waiting.
    protected override Task<bool> PassAsync(ChainConnection connection, CancellationToken ct) => StepAsync(connection, ct);

    /// <summary>One bounded step: a reorg check, then at most one block range. True when confirmed blocks remain.</summary>
    public async Task<bool> StepAsync(ChainConnection connection, CancellationToken ct)
    {
        var settings = options.Value;
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<WalletDb>();
        var eth = connection.Web3.Eth;
        var chainId = connection.ChainId;

        var checkpoint = await db.IndexerCheckpoints.FindAsync([chainId], ct);
        if (checkpoint is not null && await connection.BlockHashAtAsync(checkpoint.BlockNumber, ct) != checkpoint.BlockHash)
        {
            await RewindAsync(db, connection, checkpoint, ct);
            return true;
        }

        var head = (long)(await eth.Blocks.GetBlockNumber.SendRequestAsync().WaitAsync(ct)).Value;
        var confirmed = head - settings.ConfirmationDepth;
        var from = checkpoint is null ? settings.StartBlock : checkpoint.BlockNumber + 1;
        if (from > confirmed) return false;
        var to = Math.Min(confirmed, from + Math.Max(settings.MaxBlockRange, 1) - 1);

        var contracts = Contracts(connection.Contracts);
        var logs = await eth.Filters.GetLogs.SendRequestAsync(new NewFilterInput
        {
            FromBlock = new BlockParameter(new HexBigInteger(from)),
            ToBlock = new BlockParameter(new HexBigInteger(to)),
            Address = contracts.Keys.ToArray(),
        }).WaitAsync(ct);
        var toHash = await connection.BlockHashAtAsync(to, ct)
            ?? throw new InvalidOperationException($"Chain {chainId}: block {to} below the head {head} has no hash");

        var stored = 0;
        var blockTimes = new Dictionary<long, DateTime>();
        foreach (var log in logs)
        {
            if (log.Removed) continue;
            var txHash = log.TransactionHash.ToLowerInvariant();
            var logIndex = (int)log.LogIndex.Value;
            // A step that died after its insert but before its checkpoint: the unique key makes a rerun a no-op.
            if (await db.ChainEvents.AnyAsync(e => e.ChainId == chainId && e.TxHash == txHash && e.LogIndex == logIndex, ct)) continue;
            var number = (long)log.BlockNumber.Value;
            if (!blockTimes.TryGetValue(number, out var blockTime))
                blockTimes[number] = blockTime = await BlockTimeAsync(connection, number, ct);
            db.ChainEvents.Add(Decode(chainId, contracts, log, blockTime));
            stored++;
        }
        if (checkpoint is null) db.IndexerCheckpoints.Add(new IndexerCheckpoint(chainId, to, toHash));
        else checkpoint.Advance(to, toHash);
        await db.SaveChangesAsync(ct);
        LogIndexed(logger, chainId, from, to, stored, head);
        return to < confirmed;
    }

    // Block hashes commit to their parents, so the highest stored block whose hash the chain still has is the common
    // ancestor: everything at or below it is unchanged.
    async Task RewindAsync(WalletDb db, ChainConnection connection, IndexerCheckpoint checkpoint, CancellationToken ct)
    {
        var chainId = connection.ChainId;
        var stored = await db.ChainEvents.Where(e => e.ChainId == chainId && e.BlockNumber <= checkpoint.BlockNumber)
            .Select(e => new { e.BlockNumber, e.BlockHash }).Distinct()
            .OrderByDescending(b => b.BlockNumber).ToListAsync(ct);
        long ancestor = options.Value.StartBlock - 1;
        foreach (var block in stored)
        {
            if (await connection.BlockHashAtAsync(block.BlockNumber, ct) == block.BlockHash)
            {
                ancestor = block.BlockNumber;
                break;
            }
        }
        var removed = await db.ChainEvents.Where(e => e.ChainId == chainId && e.BlockNumber > ancestor).ExecuteDeleteAsync(ct);
        if (ancestor < 0)
        {
            db.IndexerCheckpoints.Remove(checkpoint);
        }
        else
        {
            var hash = await connection.BlockHashAtAsync(ancestor, ct)
                ?? throw new InvalidOperationException($"Chain {chainId}: ancestor block {ancestor} has no hash");
            checkpoint.RewindTo(ancestor, hash);
        }
        LogReorg(logger, chainId, checkpoint.BlockNumber, ancestor, removed);
        await db.SaveChangesAsync(ct);
    }

    static async Task<DateTime> BlockTimeAsync(ChainConnection connection, long number, CancellationToken ct)
    {
        var block = await connection.Web3.Eth.Blocks.GetBlockWithTransactionsHashesByNumber
            .SendRequestAsync(new BlockParameter(new HexBigInteger(number))).WaitAsync(ct);
        return DateTimeOffset.FromUnixTimeSeconds((long)block.Timestamp.Value).UtcDateTime;
    }

    sealed record Source(string Name, ContractABI Abi);

    static Dictionary<string, Source> Contracts(ChainContracts contracts)
    {
        var sources = new Dictionary<string, Source>(StringComparer.OrdinalIgnoreCase)
        {
            [contracts.ChatCoin] = new(nameof(ChainContracts.ChatCoin), ContractArtifact.ChatCoin.ContractAbi),
            [contracts.RedEnvelope] = new(nameof(ChainContracts.RedEnvelope), ContractArtifact.RedEnvelope.ContractAbi),
            // CoinAgeGovernor's events are ChatGovernor's (it only weighs votes differently).
            [contracts.Governor] = new(nameof(ChainContracts.Governor), ContractArtifact.ChatGovernor.ContractAbi),
        };
        if (contracts.ReleaseRegistry.Length > 0)
            sources[contracts.ReleaseRegistry] = new(nameof(ChainContracts.ReleaseRegistry), ContractArtifact.ReleaseRegistry.ContractAbi);
        if (contracts.CircleAccess.Length > 0)
            sources[contracts.CircleAccess] = new(nameof(ChainContracts.CircleAccess), ContractArtifact.CircleAccess.ContractAbi);
        return sources;
    }

    static ChainEvent Decode(long chainId, Dictionary<string, Source> contracts, FilterLog log, DateTime blockTime)
    {
        var source = contracts[log.Address];
        var topic0 = log.Topics is { Length: > 0 } ? log.Topics[0]?.ToString() : null;
        var abi = topic0 is null ? null : source.Abi.Events.FirstOrDefault(e => e.Sha3Signature.IsTheSameHex(topic0));
        var args = new JsonObject();
        string? from = null, to = null, amount = null;
        if (abi is not null)
        {
            foreach (var p in abi.DecodeEventDefaultTopics(log).Event)
            {
                args[p.Parameter.Name] = ToJson(p.Result);
                switch (p.Parameter.Name)
                {
                    case "from" or "tipper" or "creator" when p.Result is string a: from = a.ToLowerInvariant(); break;
                    case "to" or "author" or "claimer" when p.Result is string a: to = a.ToLowerInvariant(); break;
                    case "value" or "amount" or "total" when p.Result is BigInteger v: amount = v.ToString(); break;
                }
            }
        }
        return new ChainEvent(chainId, (long)log.BlockNumber.Value, log.BlockHash.ToLowerInvariant(), blockTime, log.TransactionHash.ToLowerInvariant(),
            (int)log.LogIndex.Value, source.Name, abi?.Name ?? $"unknown:{topic0}", from, to, amount, args.ToJsonString());
    }

    static JsonNode? ToJson(object? value) => value switch
    {
        null => null,
        BigInteger v => JsonValue.Create(v.ToString()),
        byte[] b => JsonValue.Create(b.ToHex(true)),
        string s => JsonValue.Create(s),
        bool b => JsonValue.Create(b),
        List<ParameterOutput> tuple => new JsonObject(tuple.Select(p =>
            KeyValuePair.Create(p.Parameter.Name, ToJson(p.Result)))),
        System.Collections.IEnumerable list => new JsonArray(list.Cast<object?>().Select(ToJson).ToArray()),
        _ => JsonValue.Create(value.ToString()),
    };

    [LoggerMessage(Level = LogLevel.Debug, Message = "Chain {ChainId}: indexed blocks {FromBlock}–{ToBlock} ({Events} events, head {Head})")]
    static partial void LogIndexed(ILogger logger, long chainId, long fromBlock, long toBlock, int events, long head);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Chain {ChainId}: reorg below block {Checkpoint}; common ancestor {Ancestor}, {Removed} events removed")]
    static partial void LogReorg(ILogger logger, long chainId, long checkpoint, long ancestor, int removed);
}
