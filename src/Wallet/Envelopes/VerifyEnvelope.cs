using System.Globalization;
using System.Numerics;
using Mediator;
using Nethereum.Contracts;
using Nethereum.Hex.HexConvertors.Extensions;
using Nethereum.Hex.HexTypes;
using Nethereum.RPC.Eth.DTOs;
using Nethereum.Web3;
using OpenChat.Chain.Kernel;
using OpenChat.Chain.Wallet.Chain;
using OpenChat.Chain.Wallet.Contracts;
using OpenChat.Chain.Wallet.Sending;

namespace OpenChat.Chain.Wallet.Envelopes;

/// <summary>
/// Recomputes every share of a Fair envelope from chain data alone (the revealed seed, the closing block's hash and the
/// logged positions) and compares it with what was paid: the check behind "Verify this envelope".
/// </summary>
public sealed record VerifyEnvelope(string EnvelopeId) : IQuery<Result<EnvelopeVerification>>;

/// <summary>
/// State: "not_fair" (Random or Equal: nothing to verify), "open" (claims still taken), "closed" (waiting for the reveal),
/// "revealed" or "settled_equally". Matches: every paid share equals its recomputed amount and the commitment, the entropy
/// and the randomness check out; null until the claimers were paid.
/// </summary>
public sealed record EnvelopeVerification(string EnvelopeId, string State, bool? Matches, int Shares, IReadOnlyList<VerifiedShare> Paid,
    string? Mismatch);

public sealed record VerifiedShare(int Position, string Claimer, string Expected, string Paid, bool Matches);

public sealed class VerifyEnvelopeHandler(ChainStatus chain) : IQueryHandler<VerifyEnvelope, Result<EnvelopeVerification>>
{
    public async ValueTask<Result<EnvelopeVerification>> Handle(VerifyEnvelope query, CancellationToken ct)
    {
        // Envelope ids are uint256: a longer number names no envelope (and would fail the ABI encoding: a 500).
        if (!BigInteger.TryParse(query.EnvelopeId, NumberStyles.None, CultureInfo.InvariantCulture, out var id) || id >= BigInteger.One << 256)
            return WalletErrors.EnvelopeNotFound;
        if (chain.Connection is not { } connection) return WalletErrors.ChainUnavailable;
        try
        {
            return await EnvelopeVerifier.VerifyAsync(connection.Web3, connection.Contracts.RedEnvelope, id, ct) is { } verification
                ? verification
                : WalletErrors.EnvelopeNotFound;
        }
        catch (Exception e) when (ChainReads.IsOutage(e))
        {
            return WalletErrors.ChainUnavailable;
        }
    }
}

public static class EnvelopeVerifier
{
    const byte Fair = 2;

    /// <summary>The verification of envelope <paramref name="id"/>, or null when the contract has no such envelope.</summary>
    public static async Task<EnvelopeVerification?> VerifyAsync(IWeb3 web3, string redEnvelope, BigInteger id, CancellationToken ct)
    {
        var contract = web3.Eth.GetContract(ContractArtifact.RedEnvelope.Abi, redEnvelope);
        var envelope = (await contract.GetFunction("envelope").CallDeserializingToObjectAsync<EnvelopeState.EnvelopeOutput>(id).WaitAsync(ChainReads.RequestTimeout, ct)).Value;
        if (envelope.Creator is null || envelope.Creator.TrimStart('0', 'x').Length == 0) return null;
        var text = id.ToString(CultureInfo.InvariantCulture);
        if (envelope.Mode != Fair) return new(text, "not_fair", null, (int)envelope.Shares, [], null);
        var draw = (await contract.GetFunction("draw").CallDeserializingToObjectAsync<EnvelopeState.DrawOutput>(id).WaitAsync(ChainReads.RequestTimeout, ct)).Value;
        if (!draw.Settled) return new(text, draw.ClosedAt == 0 ? "open" : "closed", null, (int)envelope.Shares, [], null);

        var logs = await web3.Eth.Filters.GetLogs.SendRequestAsync(new NewFilterInput
        {
            FromBlock = BlockParameter.CreateEarliest(), ToBlock = BlockParameter.CreateLatest(), Address = [redEnvelope],
            Topics = [null, "0x" + id.ToString("x64", CultureInfo.InvariantCulture)],
        }).WaitAsync(ct);
        var abi = ContractArtifact.RedEnvelope.ContractAbi;
        var positions = Events(abi, "EnvelopePositionTaken", logs).ToDictionary(e => ((string)e["claimer"]).ToLowerInvariant(), e => (int)(BigInteger)e["position"]);
        var paid = Events(abi, "EnvelopeClaimed", logs).Select(e => (Claimer: ((string)e["claimer"]).ToLowerInvariant(), Amount: (BigInteger)e["amount"])).ToList();

        BigInteger[] expected;
        string? mismatch = null;
        var revealed = Events(abi, "EnvelopeRevealed", logs).SingleOrDefault();
        if (revealed is null)
        {
            // Settled equally: total / shares each, the last share the rest.
            var share = envelope.Total / envelope.Shares;
            expected = [.. Enumerable.Repeat(share, (int)envelope.Shares)];
            expected[^1] = envelope.Total - share * (envelope.Shares - 1);
        }
        else
        {
            var seed = (byte[])revealed["seed"];
            var entropy = (await web3.Eth.Blocks.GetBlockWithTransactionsHashesByNumber.SendRequestAsync(new HexBigInteger(draw.ClosedAt)).WaitAsync(ct)).BlockHash.HexToByteArray();
            var randomness = FairShares.Randomness(seed, entropy, id);
            if (!FairShares.SeedHash(seed).AsSpan().SequenceEqual(draw.SeedHash)) mismatch = "the revealed seed is not the one committed at creation";
            else if (!randomness.AsSpan().SequenceEqual(draw.Randomness)) mismatch = "the randomness is not keccak(seed, blockhash(closedAt), id)";
            expected = FairShares.Amounts(randomness, envelope.Total, (int)envelope.Shares, envelope.MinShare);
        }

        var shares = paid.Select(p =>
        {
            var position = positions.TryGetValue(p.Claimer, out var at) ? at : -1;
            var owed = position >= 0 && position < expected.Length ? expected[position] : BigInteger.MinusOne;
            return new VerifiedShare(position, p.Claimer, owed.ToString(CultureInfo.InvariantCulture), p.Amount.ToString(CultureInfo.InvariantCulture), owed == p.Amount);
        }).OrderBy(s => s.Position).ToList();
        if (mismatch is null && shares.Count != positions.Count) mismatch = $"{positions.Count} claims but {shares.Count} payouts";
        if (mismatch is null && shares.FirstOrDefault(s => !s.Matches) is { } wrong) mismatch = $"position {wrong.Position} was paid {wrong.Paid}, not {wrong.Expected}";
        return new(text, revealed is null ? "settled_equally" : "revealed", mismatch is null, (int)envelope.Shares, shares, mismatch);
    }

    static IEnumerable<Dictionary<string, object>> Events(Nethereum.ABI.Model.ContractABI abi, string name, IEnumerable<FilterLog> logs)
    {
        var e = abi.Events.Single(x => x.Name == name);
        return logs.Where(l => !l.Removed && l.Topics is { Length: > 0 } t && e.Sha3Signature.IsTheSameHex(t[0]?.ToString()))
            .Select(l => e.DecodeEventDefaultTopics(l).Event.ToDictionary(p => p.Parameter.Name, p => p.Result));
    }
}
