using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using System.Numerics;
using Mediator;
using Microsoft.EntityFrameworkCore;
using OpenChat.Chain.Messaging;
using OpenChat.Chain.Messaging.Circles;
using OpenChat.Chain.Wallet.Chain;
using OpenChat.Chain.Wallet.Circles;
using OpenChat.Chain.Wallet.Keys;
using OpenChat.Chain.Wallet.Sending;
using OpenChat.Chain.Wallet.Transfers;
using OpenChat.Chain.Wallet.Votes;

namespace OpenChat.Chain.Payments.Circles;

/// <summary>
/// Keeps circle memberships true to the chain: a paid member whose expiry (on chain, the source of truth) has passed
/// lapses; a hold-to-join member whose balance fell below the minimum is removed. Both can come back by renewing or
/// by holding enough again. Checks every second, against the chain's own clock.
/// </summary>
public sealed partial class CircleKeeper(IServiceScopeFactory scopes, ChainStatus chain, WalletKeys keys, ILogger<CircleKeeper> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        ChainConnection connection;
        try { connection = await chain.WhenReady(stoppingToken); }
        catch (OperationCanceledException) { return; }
        catch (InvalidOperationException) { return; }
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await PassAsync(connection, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested) { return; }
            catch (Exception e) when (ChainReads.IsOutage(e)) { LogOutage(logger, e.GetType().Name); }
            catch (Exception e) { LogFailed(logger, e); }
            try { await Task.Delay(TimeSpan.FromSeconds(1), stoppingToken); }
            catch (OperationCanceledException) { return; }
        }
    }

    async Task PassAsync(ChainConnection connection, CancellationToken ct)
    {
        if (keys.Wallet is not { } wallet) return;
        await using var scope = scopes.CreateAsyncScope();
        var mediator = scope.ServiceProvider.GetRequiredService<IMediator>();
        var users = scope.ServiceProvider.GetRequiredService<MessagingDb>();
        var circles = await mediator.Send(new ListCircles(), ct);
        if (circles.Count == 0) return;
        var now = await connection.ChainTimeAsync(ct);
        foreach (var (info, members) in circles)
        {
            if (info.Closed) continue;
            foreach (var member in members.Where(m => m != info.OwnerId))
            {
                var person = await users.Users.AsNoTracking().Where(u => u.Id == member).Select(u => new { u.WalletAccountIndex, u.DisplayName }).FirstAsync(ct);
                var address = wallet.AddressOf(person.WalletAccountIndex);
                if (info.IsPaid() && info.OnChainId is { } circleId)
                {
                    var expiry = await CircleState.ExpiryOfAsync(connection, BigInteger.Parse(circleId), address, ct);
                    if ((long)expiry <= now)
                    {
                        await mediator.Send(new ChangeCircleMembership(info.ChatId, member, CircleMove.Lapse,
                            $"{person.DisplayName}'s membership lapsed; renewing brings them back"), ct);
                        continue;
                    }
                }
                if (info.IsHeld())
                {
                    var minimum = BigInteger.Parse(info.MinBalance);
                    if (await CircleHolding.OfAsync(connection, info, address, ct) < minimum)
                        await mediator.Send(new ChangeCircleMembership(info.ChatId, member, CircleMove.Remove,
                            $"{person.DisplayName} was removed: their {(info.HoldMeasuresVotes ? "voting power" : "balance")} fell below " +
                            $"{Coins.Format(minimum)} {CircleHolding.Unit(info)}; they may rejoin when it is back"), ct);
                }
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Chain unavailable ({Reason}): circle memberships are checked later")]
    static partial void LogOutage(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Circle keeper pass failed; retrying")]
    static partial void LogFailed(ILogger logger, Exception exception);
}
