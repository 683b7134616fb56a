using System.Numerics;
using System.Text.Json;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenChat.Chain.Messaging;
using OpenChat.Chain.Messaging.Circles;
using OpenChat.Chain.Wallet.Chain;
using OpenChat.Chain.Wallet.Circles;
using OpenChat.Chain.Wallet.Contracts;
using OpenChat.Chain.Wallet.Indexer;
using OpenChat.Chain.Wallet.Keys;
using OpenChat.Chain.Wallet.Sending;
using OpenChat.Chain.Wallet.Transfers;
using OpenChat.Chain.Wallet.Votes;

namespace OpenChat.Chain.Payments.Circles;

/// <summary>
/// Keeps circle memberships true to the chain: a paid member whose expiry (on chain, the source of truth) has passed
/// lapses; a hold-to-join member whose balance (or voting power) fell below the minimum is removed. Both can come back
/// by renewing or by holding enough again. It follows the indexed events instead of asking the chain about every member
/// every second: <c>CirclePaid</c> gives each member's expiry, ChatCoin's <c>Transfer</c> and
/// <c>DelegateVotesChanged</c> name the addresses whose holding moved. The chain is asked only about those addresses,
/// members it has not seen yet, and a member about to lapse (the indexer may lag the payment that renewed them).
/// </summary>
public sealed class CircleKeeper(IServiceScopeFactory scopes, ChainStatus chain, DutyLeases leases, WalletKeys keys,
    ILogger<CircleKeeper> logger)
    : ChainLoop(chain, leases, logger)
{
    static readonly string[] CircleEvents = ["CirclePaid"];
    static readonly string[] CoinEvents = ["Transfer", "DelegateVotesChanged"];

    long _circleCursor, _coinCursor;
    readonly Dictionary<(string CircleId, string Member), long> _expiries = [];
    readonly Dictionary<Guid, (string Address, string Name)> _people = [];
    readonly HashSet<(Guid ChatId, Guid UserId)> _seen = [];

    /// <summary>
    /// Addresses whose holding moved, with the chain time at which that was seen: voting power is read as of the block
    /// before the chain's now, so an address stays here until the chain's clock has passed that moment.
    /// </summary>
    readonly Dictionary<string, long> _moved = new(StringComparer.OrdinalIgnoreCase);

    protected override TimeSpan Interval => TimeSpan.FromSeconds(1);

    // Every pass reads the circles again: one member's trouble is retried, the others' lapses must not wait for a restart.
    protected override bool ContinuesAfterFailure => true;

    protected override async Task<bool> PassAsync(ChainConnection connection, CancellationToken ct)
    {
        await KeepAsync(connection, ct);
        return false;
    }

    async Task KeepAsync(ChainConnection connection, CancellationToken ct)
    {
        if (keys.Wallet is not { } wallet) return;
        await using var scope = scopes.CreateAsyncScope();
        var mediator = scope.ServiceProvider.GetRequiredService<IMediator>();
        var users = scope.ServiceProvider.GetRequiredService<MessagingDb>();
        var now = await connection.ChainTimeAsync(ct);
        var circles = await mediator.Send(new ListCircles(), ct);
        // Coin movements matter only to hold-to-join circles: without one, every ChatCoin transfer's indexed event is left
        // unread (issue 20: reading them was several percent of the service's CPU under bench/Sending.Bench). A circle that
        // starts holding later checks all its members at first sight, and the cursor then reads what was left.
        await FollowEventsAsync(mediator, now, circles.Any(c => !c.Info.Closed && c.Info.IsHeld()), ct);
        foreach (var (info, members) in circles)
        {
            if (info.Closed) continue;
            foreach (var member in members.Where(m => m != info.OwnerId))
            {
                var (address, name) = await PersonAsync(users, wallet, member, ct);
                var isNew = _seen.Add((info.ChatId, member));
                if (info.IsPaid() && info.OnChainId is { } circleId
                    && await ExpiryAsync(connection, circleId, address, now, ct) <= now)
                {
                    await mediator.Send(new ChangeCircleMembership(info.ChatId, member, CircleMove.Lapse,
                        $"{name}'s membership lapsed; renewing brings them back"), ct);
                    _seen.Remove((info.ChatId, member));
                    continue;
                }
                if (info.IsHeld() && (isNew || _moved.ContainsKey(address)))
                {
                    var minimum = BigInteger.Parse(info.MinBalance);
                    if (await CircleHolding.OfAsync(connection, info, address, ct) < minimum)
                    {
                        await mediator.Send(new ChangeCircleMembership(info.ChatId, member, CircleMove.Remove,
                            $"{name} was removed: their {(info.HoldMeasuresVotes ? "voting power" : "balance")} fell below " +
                            $"{Coins.Format(minimum)} {CircleHolding.Unit(info)}; they may rejoin when it is back"), ct);
                        _seen.Remove((info.ChatId, member));
                    }
                }
            }
        }
        // Checked at a time whose past votes include the move: done with these addresses.
        foreach (var (address, seenAt) in _moved.ToList())
            if (now - 1 >= seenAt) _moved.Remove(address);
    }

    /// <summary>Reads the events indexed since the last pass: expiries paid, addresses whose holding moved.</summary>
    async Task FollowEventsAsync(IMediator mediator, long now, bool coins, CancellationToken ct)
    {
        foreach (var paid in await mediator.Send(new ListContractEvents(nameof(ChainContracts.CircleAccess), CircleEvents, _circleCursor), ct))
        {
            using var args = JsonDocument.Parse(paid.ArgsJson);
            var member = args.RootElement.GetProperty("member").GetString()!.ToLowerInvariant();
            var circleId = args.RootElement.GetProperty("circleId").GetString()!;
            var expiry = long.Parse(args.RootElement.GetProperty("expiry").GetString()!, System.Globalization.CultureInfo.InvariantCulture);
            _expiries[(circleId, member)] = Math.Max(expiry, _expiries.GetValueOrDefault((circleId, member)));
            _circleCursor = Math.Max(_circleCursor, paid.Id);
        }
        if (!coins) return;
        foreach (var moved in await mediator.Send(new ListContractEvents(nameof(ChainContracts.ChatCoin), CoinEvents, _coinCursor), ct))
        {
            if (moved.EventName == "DelegateVotesChanged")
            {
                using var args = JsonDocument.Parse(moved.ArgsJson);
                if (args.RootElement.TryGetProperty("delegate", out var delegatee) && delegatee.GetString() is { } address) _moved[address] = now;
            }
            else
            {
                if (moved.From is { } from) _moved[from] = now;
                if (moved.To is { } to) _moved[to] = now;
            }
            _coinCursor = Math.Max(_coinCursor, moved.Id);
        }
    }

    /// <summary>
    /// The member's paid-until time: from the indexed payments; asked of the chain when none is indexed yet or when it
    /// has passed (a renewal the indexer has not reached must not lapse anyone).
    /// </summary>
    async Task<long> ExpiryAsync(ChainConnection connection, string circleId, string address, long now, CancellationToken ct)
    {
        var key = (circleId, address.ToLowerInvariant());
        if (_expiries.TryGetValue(key, out var known) && known > now) return known;
        var expiry = (long)await CircleState.ExpiryOfAsync(connection, BigInteger.Parse(circleId), address, ct);
        _expiries[key] = expiry;
        return expiry;
    }

    async Task<(string Address, string Name)> PersonAsync(MessagingDb users, HdWallet wallet, Guid userId, CancellationToken ct)
    {
        if (_people.TryGetValue(userId, out var known)) return known;
        var person = await users.Users.AsNoTracking().Where(u => u.Id == userId).Select(u => new { u.WalletAccountIndex, u.DisplayName }).FirstAsync(ct);
        return _people[userId] = (wallet.AddressOf(person.WalletAccountIndex), person.DisplayName);
    }
}
