using System.Numerics;
using Mediator;
using OpenChat.Chain.Kernel;
using OpenChat.Chain.Wallet.Chain;
using OpenChat.Chain.Wallet.Keys;
using OpenChat.Chain.Wallet.Sending;
using OpenChat.Chain.Wallet.Transfers;
using OpenChat.Chain.Wallet.Actions;

namespace OpenChat.Chain.Wallet.Envelopes;

/// <summary>
/// Locks <c>Total</c> CHAT in a new red envelope of <c>Shares</c> shares that the service's gatekeeper key vouches claims
/// for, until <c>ExpiresAt</c>: an Equal split, or else a Fair one (the WeChat split drawn after the last claim from a
/// seed committed now and revealed by <see cref="FairEnvelopeKeeper"/>; the service never creates the steerable Random
/// mode). Gasless: one relayed create…WithPermit. The envelope's id is known once the chain has run it (the Outcome).
/// </summary>
/// <param name="ChatRef">32 bytes (0x + 64 hex digits) naming the chat message; the chain only keeps them.</param>
public sealed record CreateEnvelope(int AccountIndex, string? IdempotencyKey, string? Total, int Shares, bool Equal, DateTimeOffset ExpiresAt,
    string ChatRef) : ICommand<Result<SentTransfer>>;

public sealed class CreateEnvelopeHandler(WalletDb db, WalletKeys keys, ChainStatus chain, EnvelopeRules rules, Broadcaster broadcaster, TimeProvider clock)
    : ICommandHandler<CreateEnvelope, Result<SentTransfer>>
{
    public async ValueTask<Result<SentTransfer>> Handle(CreateEnvelope cmd, CancellationToken ct)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(cmd.AccountIndex); // 0 is the relayer
        if (Outbox.CheckKey(cmd.IdempotencyKey) is { } keyError) return keyError;
        var total = Coins.Parse(cmd.Total);
        if (total.Error is { } amountError) return amountError;
        if (await rules.CheckAsync(total.Value, cmd.Shares, cmd.ExpiresAt, ct, fair: !cmd.Equal) is { } broken) return broken;
        var details = ChainActions.Serialize(new EnvelopeCreateDetails((uint)cmd.Shares, cmd.Equal, (ulong)cmd.ExpiresAt.ToUnixTimeSeconds(), cmd.ChatRef, Fair: !cmd.Equal));

        var earlier = await Outbox.FindAsync(db, cmd.AccountIndex, cmd.IdempotencyKey!, ct);
        if (earlier is not null)
            return earlier.Kind == TransferKind.EnvelopeCreate && earlier.AmountUnits == total.Value && earlier.Details == details
                ? new SentTransfer(earlier.ToView(), false)
                : WalletErrors.IdempotencyKeyReused;

        if (await keys.GetAsync(ct) is not { } wallet) return WalletErrors.KeysUnavailable;
        if (chain.Connection is not { } connection) return WalletErrors.ChainUnavailable;
        var from = wallet.AddressOf(cmd.AccountIndex);
        if (await Outbox.CheckAvailableAsync(db, chain, cmd.AccountIndex, from, total.Value, ct) is { } shortfall) return shortfall;

        return await Outbox.EnqueueAsync(db, broadcaster,
            new OutgoingTransfer(Guid.CreateVersion7(), cmd.AccountIndex, cmd.IdempotencyKey!, TransferKind.EnvelopeCreate, from,
                connection.Contracts.RedEnvelope, total.Value, clock.GetUtcNow().UtcDateTime, details), ct);
    }
}

/// <summary>
/// RedEnvelope's creation rules, checked before anything is stored so the user hears why instead of a revert: shares
/// between 1 and the contract's maximum (at most <see cref="MaxFairShares"/> for a Fair, random-split one), every share at
/// least the minimum share, expiry ahead and within 30 days. The maximum and minimum are governance parameters, read from
/// the chain (and cached for a minute).
/// </summary>
public sealed class EnvelopeRules(ChainStatus chain, TimeProvider clock)
{
    public static readonly TimeSpan MaxLifetime = TimeSpan.FromDays(30);

    /// <summary>
    /// RedEnvelope.MAX_FAIR_SHARES, a constant of the contract: a Fair envelope's reveal pays every claimer in one
    /// transaction that must fit one block (17.5M gas at 500, forge's reveal_500), so its shares are capped whatever
    /// governance's maxShares allows the Equal split.
    /// </summary>
    public const int MaxFairShares = 500;
    (uint MaxShares, BigInteger MinShare, DateTime ReadAt)? _cached;

    /// <param name="fair">A random split, which the service creates as a Fair envelope (capped at <see cref="MaxFairShares"/>).</param>
    public async Task<Error?> CheckAsync(BigInteger total, int shares, DateTimeOffset expiresAt, CancellationToken ct, bool fair = false)
    {
        var now = clock.GetUtcNow();
        if (expiresAt <= now) return WalletErrors.EnvelopeExpiryInPast;
        if (expiresAt > now + MaxLifetime) return WalletErrors.EnvelopeExpiryTooFar;
        if (shares < 1) return WalletErrors.EnvelopeShares.With("An envelope has at least one share");
        var (maxShares, minShare) = await ParametersAsync(ct);
        if (shares > maxShares) return WalletErrors.EnvelopeShares.With($"An envelope has at most {maxShares} shares");
        if (fair && shares > MaxFairShares)
            return WalletErrors.EnvelopeShares.With($"A random split has at most {MaxFairShares} shares (its draw pays everyone in one transaction); an equal split up to {maxShares}");
        if (total < minShare * shares)
            return WalletErrors.EnvelopeTotalTooSmall.With($"Each of {shares} shares needs at least {Coins.Format(minShare)} CHAT: the total must be at least {Coins.Format(minShare * shares)}");
        return null;
    }

    async Task<(uint MaxShares, BigInteger MinShare)> ParametersAsync(CancellationToken ct)
    {
        if (_cached is { } c && clock.GetUtcNow().UtcDateTime - c.ReadAt < TimeSpan.FromMinutes(1)) return (c.MaxShares, c.MinShare);
        if (chain.Connection is not { } connection) return (1_000, BigInteger.Pow(10, 16)); // the deploy defaults; the chain re-checks
        var envelopes = connection.Web3.Eth.GetContract(Contracts.ContractArtifact.RedEnvelope.Abi, connection.Contracts.RedEnvelope);
        var maxShares = await envelopes.GetFunction("maxShares").CallAsync<uint>().WaitAsync(ChainReads.RequestTimeout, ct);
        var minShare = await envelopes.GetFunction("minShare").CallAsync<BigInteger>().WaitAsync(ChainReads.RequestTimeout, ct);
        _cached = (maxShares, minShare, clock.GetUtcNow().UtcDateTime);
        return (maxShares, minShare);
    }

    /// <summary>The governance parameters these checks use, for a form that checks as the person types.</summary>
    public Task<(uint MaxShares, BigInteger MinShare)> LimitsAsync(CancellationToken ct) => ParametersAsync(ct);
}
