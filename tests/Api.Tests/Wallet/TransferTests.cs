using System.Net;
using System.Numerics;
using OpenChat.Chain.Api.Tests.Support;
using OpenChat.Chain.Wallet.Sending;
using OpenChat.Chain.Wallet.Transfers;

namespace OpenChat.Chain.Api.Tests.Wallet;

/// <summary>Gasless transfers end to end: HTTP, the outbox, the broadcaster and the service's own anvil.</summary>
public sealed class TransferTests(ApiFactory api) : IClassFixture<ApiFactory>, IAsyncLifetime
{
    static readonly TimeSpan Settle = TimeSpan.FromSeconds(60);

    public async ValueTask InitializeAsync() =>
        Assert.Equal(HttpStatusCode.OK, (await api.WaitUntilHealthyAsync(TimeSpan.FromSeconds(90))).StatusCode);

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    [Fact]
    public async Task SendTransfer_BetweenTwoGaslessUsers_ConfirmsOnChainAndShowsInBothHistories()
    {
        var (alice, bob) = (await api.CreateUserAsync("alice"), await api.CreateUserAsync("bob"));
        var aliceAddress = await api.FundAsync(alice, 10);
        var bobAddress = (await bob.GetWalletAsync()).Address;

        var response = await alice.SendAsync(bobAddress, "2.5", key: Guid.NewGuid().ToString());

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var accepted = await response.ReadTransferAsync();
        Assert.Equal($"/api/wallet/transfers/{accepted.Id}", response.Headers.Location?.OriginalString);
        var settled = await alice.Http.WaitUntilSettledAsync(accepted.Id, Settle);
        Assert.Equal(TransferStatus.Confirmed, settled.Status);
        Assert.Matches("^0x[0-9a-f]{64}$", settled.TxHash);
        Assert.NotNull(settled.BlockNumber);

        Assert.Equal(WalletApi.Units(7.5m), await api.CoinBalanceAsync(aliceAddress));
        Assert.Equal(WalletApi.Units(2.5m), await api.CoinBalanceAsync(bobAddress));
        var aliceWallet = await alice.GetWalletAsync();
        Assert.Equal(("0", "0", "7.5"), (aliceWallet.Eth, aliceWallet.PendingOut, aliceWallet.Chat)); // gasless: alice never held ETH

        var sent = Assert.Single((await alice.HistoryAsync()).Items, e => e.Direction == TransferDirection.Outgoing); // the funding shows once indexed
        Assert.Equal((TransferDirection.Outgoing, bobAddress, "2.5", settled.TxHash), (sent.Direction, sent.Counterparty, sent.Amount, sent.TxHash));
        var received = Assert.Single((await bob.HistoryAsync()).Items);
        Assert.Equal((TransferDirection.Incoming, aliceAddress, "2.5"), (received.Direction, received.Counterparty, received.Amount));
    }

    [Fact]
    public async Task SendTransfer_RetriedWithTheSameKey_MakesOneTransferAndOneTransaction()
    {
        var (alice, bob) = (await api.CreateUserAsync("alice"), await api.CreateUserAsync("bob"));
        var aliceAddress = await api.FundAsync(alice, 5);
        var bobAddress = (await bob.GetWalletAsync()).Address;
        var key = Guid.NewGuid().ToString();

        var first = await (await alice.SendAsync(bobAddress, "1", key)).ReadTransferAsync();
        var retry = await alice.SendAsync(bobAddress, "1", key);
        Assert.Equal(first.Id, (await retry.ReadTransferAsync()).Id);
        var settled = await alice.Http.WaitUntilSettledAsync(first.Id, Settle);
        var afterConfirmation = await alice.SendAsync(bobAddress, "1", key);

        Assert.Equal(HttpStatusCode.OK, afterConfirmation.StatusCode); // already confirmed: 200, the same transfer
        Assert.Equal(settled, await afterConfirmation.ReadTransferAsync());
        Assert.Equal(WalletApi.Units(1), await api.CoinBalanceAsync(bobAddress));
        Assert.Equal(1, await api.RequestsRunBesidesDelegationAsync(aliceAddress)); // one request executed
        Assert.Single((await alice.HistoryAsync()).Items, e => e.Direction == TransferDirection.Outgoing);
    }

    [Fact]
    public async Task SendTransfer_SameKeyDifferentTransfer_Returns409()
    {
        var (alice, bob) = (await api.CreateUserAsync("alice"), await api.CreateUserAsync("bob"));
        await api.FundAsync(alice, 5);
        var bobAddress = (await bob.GetWalletAsync()).Address;
        var key = Guid.NewGuid().ToString();
        Assert.Equal(HttpStatusCode.Accepted, (await alice.SendAsync(bobAddress, "1", key)).StatusCode);

        var reused = await alice.SendAsync(bobAddress, "2", key);

        Assert.Equal(HttpStatusCode.Conflict, reused.StatusCode);
        Assert.Contains("wallet.idempotency_key_reused", await reused.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task SendTransfer_SeveralAtOnceFromSeveralUsers_AllConfirmWithPipelinedNonces()
    {
        var users = await api.CreateUsersAsync("carol", "dave", "erin");
        var recipient = (await (await api.CreateUserAsync("frank")).GetWalletAsync()).Address;
        foreach (var user in users) await api.FundAsync(user, 3);
        // Nine at once: each owner lets their session send under 2 CHAT (one passkey cannot sign nine racing answers in order).
        foreach (var user in users) await Custody.CustodyApi.AllowSessionBelowAsync(user, "2");

        var sends = users.SelectMany(u => Enumerable.Range(0, 3).Select(async _ =>
            (User: u, Transfer: await (await Custody.CustodyApi.PostWithKeyAsync(u, "/api/wallet/transfers", Guid.NewGuid().ToString(),
                new { to = recipient, amount = "1" })).ReadTransferAsync())));
        var accepted = await Task.WhenAll(sends);
        var settled = await Task.WhenAll(accepted.Select(async a =>
        {
            await a.User.Http.WaitUntilSettledAsync(a.Transfer.Id, Settle);
            return await api.OutboxRowAsync(a.Transfer.Id);
        }));

        Assert.All(settled, t => Assert.Equal(TransferStatus.Confirmed, t.Status));
        Assert.Equal(WalletApi.Units(9), await api.CoinBalanceAsync(recipient));
        // Rows signed in one pass share a relayer transaction (a batch): its nonces are consecutive, none skipped.
        var nonces = settled.Select(t => t.RelayNonce!.Value).Distinct().Order().ToList();
        Assert.Equal(Enumerable.Range((int)nonces[0], nonces.Count).Select(n => (long)n), nonces);
    }

    [Fact]
    public async Task Withdraw_WholeBalance_SendsEverythingOut()
    {
        var alice = await api.CreateUserAsync("alice");
        var aliceAddress = await api.FundAsync(alice, 4.25m);
        var outside = Nethereum.Signer.EthECKey.GenerateKey().GetPublicAddress();
        var response = await Custody.CustodyApi.WithdrawAsync(alice, outside, Guid.NewGuid().ToString());

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var transfer = await response.ReadTransferAsync();
        Assert.Equal((TransferKind.Withdrawal, "4.25"), (transfer.Kind, transfer.Amount));
        Assert.Equal(TransferStatus.Confirmed, (await alice.Http.WaitUntilSettledAsync(transfer.Id, Settle)).Status);
        Assert.Equal(BigInteger.Zero, await api.CoinBalanceAsync(aliceAddress));
        Assert.Equal(WalletApi.Units(4.25m), await api.CoinBalanceAsync(outside));
    }
}
