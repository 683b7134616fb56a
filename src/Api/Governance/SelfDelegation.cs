using Mediator;
using Microsoft.EntityFrameworkCore;
using OpenChat.Chain.Messaging;
using OpenChat.Chain.Wallet.Votes;

namespace OpenChat.Chain.Api.Governance;

/// <summary>
/// ERC20Votes counts only delegated coins, so every new account delegates to itself (relayed, no ETH): its coins vote
/// from the start, and it may delegate elsewhere later. One outbox row per account (idempotency key "delegate:self").
/// </summary>
public sealed partial class SelfDelegation(IServiceScopeFactory scopes, ILogger<SelfDelegation> logger) : BackgroundService
{
    public const string Key = "delegate:self";
    int _done;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var users = scope.ServiceProvider.GetRequiredService<MessagingDb>();
                var mediator = scope.ServiceProvider.GetRequiredService<IMediator>();
                var fresh = await users.Users.AsNoTracking().Where(u => u.WalletAccountIndex > _done)
                    .OrderBy(u => u.WalletAccountIndex).Select(u => u.WalletAccountIndex).Take(200).ToListAsync(stoppingToken);
                foreach (var account in fresh)
                {
                    var sent = await mediator.Send(new DelegateVotes(account, Key, null), stoppingToken);
                    if (sent.Error is { } error)
                    {
                        LogWaiting(logger, account, error.Code); // keys not loaded yet: the next pass tries again
                        break;
                    }
                    _done = account;
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested) { return; }
            catch (Exception e) { LogFailed(logger, e); }
            try { await Task.Delay(TimeSpan.FromMilliseconds(500), stoppingToken); }
            catch (OperationCanceledException) { return; }
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Self-delegation of account {Account} waits: {Code}")]
    static partial void LogWaiting(ILogger logger, int account, string code);

    [LoggerMessage(Level = LogLevel.Error, Message = "Self-delegation pass failed; retrying")]
    static partial void LogFailed(ILogger logger, Exception exception);
}
